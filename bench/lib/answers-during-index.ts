// How long the language server takes to answer while its cold index runs: a cheap request (the symbols of
// one DAG file) sent again and again from `initialized` until the index reports its end, each timed from
// send to answer. The request's own work is small, so the time is mostly the wait for the server's turn.

import { performance } from "node:perf_hooks";
import { DocumentSymbolRequest } from "vscode-languageserver-protocol";
import { LspSession } from "../../server/test/support/lsp-session";

export interface AnswersDuringIndex {
  /** The first request, sent right after `initialized`. */
  firstMs: number;
  /** Every answer that arrived before the index was done, in ms. */
  latencies: number[];
  /** Spawn → index done. */
  indexMs: number;
}

/** The probe request: document symbols of `rel`. */
export function symbolsOf(lsp: LspSession, rel: string): Promise<unknown> {
  return lsp.request(DocumentSymbolRequest.method, { textDocument: { uri: lsp.uri(rel) } }, 300_000);
}

/** Spawns a server on `root` and keeps asking for the symbols of `rel` until its indexing progress ends. */
export async function answersDuringIndex(root: string, rel: string): Promise<AnswersDuringIndex> {
  const started = performance.now();
  const lsp = await LspSession.start(root, { progress: true });
  try {
    let done = false;
    const end = lsp.indexed(300_000).then(() => (done = true));
    const latencies: number[] = [];
    while (!done) {
      const sent = performance.now();
      await symbolsOf(lsp, rel);
      if (!done) latencies.push(performance.now() - sent);
    }
    await end;
    return { firstMs: latencies[0] ?? NaN, latencies, indexMs: performance.now() - started };
  } finally {
    await lsp.close();
  }
}
