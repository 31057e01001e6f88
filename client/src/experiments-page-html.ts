// The Experiments page's HTML (media/src/experiments/ is the code it loads) with its strict CSP: nothing
// but the bundled script (by nonce) and stylesheet, no remote loads, no inline style or script; and the
// panel's view type. Pure: no VS Code import; the caller passes webview URIs, `webview.cspSource` and a nonce.

import { attr, checkPageSecrets } from "./graph-page-html";

/** The panel's view type: in createWebviewPanel, the serializer and the `onWebviewPanel:` activation event. */
export const EXPERIMENTS_VIEW_TYPE = "gluepy.experiments";

export interface ExperimentsHtmlOptions {
  /** asWebviewUri(dist/media/experiments.js) */
  scriptUri: string;
  /** asWebviewUri(media/experiments.css) */
  styleUri: string;
  /** webview.cspSource */
  cspSource: string;
  /** A fresh random nonce for every render. */
  nonce: string;
}

/** The statuses the filter offers, in the order shown. */
const STATUSES = ["succeeded", "failed", "running", "cancelled"] as const;

export function experimentsContentSecurityPolicy(cspSource: string, nonce: string): string {
  return ["default-src 'none'", `style-src ${cspSource}`, `img-src ${cspSource} data:`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join("; ");
}

export function renderExperimentsHtml(options: ExperimentsHtmlOptions): string {
  checkPageSecrets("renderExperimentsHtml", options.nonce, options.cspSource);
  const statusBoxes = STATUSES.map((s) => `<label><input type="checkbox" value="${s}"> ${s}</label>`).join("\n      ");
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(experimentsContentSecurityPolicy(options.cspSource, options.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="${attr(options.styleUri)}">
  <title>Gluepy experiments</title>
</head>
<body>
  <header class="toolbar" role="toolbar" aria-label="Experiments">
    <input id="filter" type="search" placeholder="Filter: DAG, run id, param=value" aria-label="Filter runs" spellcheck="false">
    <span id="status-filter" class="status-filter" role="group" aria-label="Show only runs that">
      ${statusBoxes}
    </span>
    <span id="count" class="count" role="status"></span>
  </header>
  <div id="problems" class="problems" role="alert" hidden></div>
  <p id="empty" class="empty" hidden>No runs yet. Run a DAG: its runs, metrics and params appear here.</p>
  <main id="table-wrap" class="table-wrap"><table id="runs" class="runs" aria-label="Runs"></table></main>
  <section id="picked" class="picked" aria-label="Picked runs" hidden></section>
  <script nonce="${attr(options.nonce)}" src="${attr(options.scriptUri)}"></script>
</body>
</html>
`;
}
