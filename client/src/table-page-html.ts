// The table preview page's HTML (media/src/table/ is the code it loads) with its strict CSP: scripts only
// with the render's nonce, styles and fonts only from the extension, nothing from the network.
// Pure: no VS Code import; the caller passes webview URIs, `webview.cspSource` and a fresh nonce.

import { attr, checkPageSecrets } from "./graph-page-html";

export interface TableHtmlOptions {
  /** asWebviewUri(dist/media/table.js) */
  scriptUri: string;
  /** asWebviewUri(media/table.css) */
  styleUri: string;
  cspSource: string;
  /** A fresh random nonce for every render (letters, digits, + / = _ -). */
  nonce: string;
  /** What is shown: the file's name. */
  title: string;
  /** Where it is (the tooltip of the title): its path in the storage. */
  detail: string;
}

export function tableContentSecurityPolicy(cspSource: string, nonce: string): string {
  return ["default-src 'none'", `style-src ${cspSource}`, `font-src ${cspSource}`, `script-src 'nonce-${nonce}'`].join("; ");
}

export function renderTableHtml(options: TableHtmlOptions): string {
  checkPageSecrets("renderTableHtml", options.nonce, options.cspSource);
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta http-equiv="Content-Security-Policy" content="${attr(tableContentSecurityPolicy(options.cspSource, options.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <link rel="stylesheet" href="${attr(options.styleUri)}">
  <title>${attr(options.title)}</title>
</head>
<body>
  <header class="toolbar" role="toolbar" aria-label="Table">
    <span class="title" id="title" title="${attr(options.detail)}">${attr(options.title)}</span>
    <span class="status" id="status" role="status"></span>
    <button id="clear-sort" type="button" title="Show the file's rows in their order" hidden>Clear sort</button>
    <button id="retry" type="button" title="Read the file again" hidden>Retry</button>
  </header>
  <div id="message" class="message" role="alert" hidden></div>
  <div id="scroller" class="scroller" tabindex="0" role="grid" aria-label="${attr(options.title)}">
    <div id="spacer" class="spacer"><div id="layer" class="layer"></div></div>
  </div>
  <script nonce="${attr(options.nonce)}" src="${attr(options.scriptUri)}"></script>
</body>
</html>
`;
}
