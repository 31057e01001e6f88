// The graph page's HTML (media/src is the code it loads) with its strict CSP: the panel sets it as the webview's html.
// Pure: no VS Code import; the caller passes webview URIs, `webview.cspSource` and a fresh nonce.

import type { DagGraph } from "../../shared/dag-model";
import type { SourceLocation } from "../../shared/protocol";

export interface GraphHtmlOptions {
  /** asWebviewUri(dist/media/graph.js) */
  scriptUri: string;
  /** asWebviewUri(dist/media/layout-worker.js): the ELK engine script. */
  workerUri: string;
  /** Where ELK runs: in the extension host ("host": the page asks with `layout` messages; falls back to the
   * worker if the host cannot), in a Web Worker ("worker", the default; falls back to the page if it cannot
   * start) or on the page's thread ("page"). */
  layoutEngine?: "host" | "page" | "worker";
  /** asWebviewUri(media/graph.css) */
  styleUri: string;
  /** webview.cspSource */
  cspSource: string;
  /** A fresh random nonce for every render (letters, digits, + / = _ -). */
  nonce: string;
  /** A graph to show at once, before the extension's first `graph` message. */
  initial?: DagGraph<SourceLocation>;
}

export function attr(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** JSON safe inside a <script> element: nothing in it can close the element or open a comment. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/\u2028/g, "\\u2028").replace(/\u2029/g, "\\u2029");
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    // The layout worker is fetched from the webview's resources and started from a blob: URL.
    `connect-src ${cspSource}`,
    "worker-src blob:",
  ].join("; ");
}

/** A webview page's nonce and CSP source, checked before they go into its HTML (`who` names the page's renderer). */
export function checkPageSecrets(who: string, nonce: string, cspSource: string): void {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(nonce)) {
    throw new Error(`${who}: the nonce must be at least 16 characters of letters, digits, + / = _ or -`);
  }
  if (!cspSource.trim() || /[;"\r\n,]/.test(cspSource)) {
    throw new Error(`${who}: cspSource '${cspSource}' is not a CSP source list`);
  }
}

export function renderGraphHtml(options: GraphHtmlOptions): string {
  checkPageSecrets("renderGraphHtml", options.nonce, options.cspSource);
  const nonce = attr(options.nonce);
  const initial = options.initial
    ? `\n  <script type="application/json" id="initial-graph" nonce="${nonce}">${scriptJson(options.initial)}</script>`
    : "";
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(options.cspSource, options.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="${attr(options.styleUri)}">
  <title>Gluepy DAG graph</title>
</head>
<body data-worker-uri="${attr(options.workerUri)}" data-layout-engine="${options.layoutEngine ?? "worker"}">
  <header class="toolbar" role="toolbar" aria-label="Graph">
    <span class="dag-name" id="dag-name"></span>
    <input id="search" type="search" placeholder="Search tasks" aria-label="Search tasks">
    <input id="focus" type="text" placeholder="Focus: +task+, 2+task" aria-label="Focus selector" spellcheck="false">
    <button id="focus-clear" type="button" title="Show all tasks">All</button>
    <button id="zoom-out" type="button" title="Zoom out" aria-label="Zoom out">−</button>
    <button id="zoom-in" type="button" title="Zoom in" aria-label="Zoom in">+</button>
    <button id="fit" type="button" title="Fit the graph in view (a big one: its start at a readable size; the minimap shows the rest)">Fit</button>
    <button id="collapse-all" type="button" title="Collapse every sub-DAG">Collapse</button>
    <button id="expand-all" type="button" title="Expand every sub-DAG">Expand</button>
    <button id="run-dag" type="button" title="Run the DAG">Run</button>
    <button id="retry-failed" type="button" title="Retry the failed tasks of the latest run">Retry failed</button>
    <button id="export" type="button" title="Save the graph as SVG">Export SVG</button>
  </header>
  <div id="message" class="message" role="status" hidden></div>
  <svg id="graph" class="graph" role="img" aria-label="DAG graph">
    <defs>
      <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
        <path class="arrow-head" d="M0,0 L10,5 L0,10 z"></path>
      </marker>
    </defs>
    <g id="viewport"></g>
  </svg>
  <div id="menu" class="menu" role="menu" hidden></div>${initial}
  <script nonce="${nonce}" src="${attr(options.scriptUri)}"></script>
</body>
</html>
`;
}
