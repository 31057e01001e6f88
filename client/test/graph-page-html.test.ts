import { strict as assert } from "node:assert";
import { renderGraphHtml } from "../src/graph-page-html";
import { trainingGraph } from "../../shared/test/sample-graphs";

const options = {
  scriptUri: "https://file+.vscode-resource.vscode-cdn.net/ext/dist/media/graph.js",
  workerUri: "https://file+.vscode-resource.vscode-cdn.net/ext/dist/media/layout-worker.js",
  styleUri: "https://file+.vscode-resource.vscode-cdn.net/ext/media/graph.css",
  cspSource: "https://*.vscode-cdn.net",
  nonce: "abcdefghijklmnop0123",
};

describe("graph page HTML: renderGraphHtml", () => {
  it("sets a strict CSP: nonce'd scripts only, styles and the worker from the webview's resources, nothing remote", () => {
    const html = renderGraphHtml(options);
    const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1]!.replace(/&#39;|&apos;/g, "'");
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'nonce-abcdefghijklmnop0123'(;|$)/);
    assert.match(csp, /style-src https:\/\/\*\.vscode-cdn\.net(;|$)/);
    assert.match(csp, /worker-src blob:/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|\bhttps?:(?!\/\/\*\.vscode-cdn)/);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.ok(scripts.length > 0 && scripts.every((s) => s.includes('nonce="abcdefghijklmnop0123"')));
    assert.ok(html.includes(`data-worker-uri="${options.workerUri}"`));
  });

  it("embeds an initial graph as inert JSON that cannot close its script element", () => {
    const graph = { ...trainingGraph, dag: "</script><script>alert(1)</script>" };
    const html = renderGraphHtml({ ...options, initial: graph });
    const json = /<script type="application\/json" id="initial-graph" nonce="[^"]+">([^<]*)<\/script>/.exec(html);
    assert.ok(json, "the JSON block is one script element");
    assert.equal(JSON.parse(json[1]!).dag, graph.dag);
  });

  it("refuses a weak nonce or a cspSource that would inject directives", () => {
    assert.throws(() => renderGraphHtml({ ...options, nonce: "123" }), /nonce/);
    assert.throws(() => renderGraphHtml({ ...options, cspSource: "x; script-src *" }), /cspSource/);
    // What code-server's webview.cspSource really is: a quoted keyword is a valid source.
    assert.doesNotThrow(() => renderGraphHtml({ ...options, cspSource: "'self' https://*.vscode-cdn.net" }));
  });
});
