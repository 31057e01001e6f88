// How long the language server takes to answer while its cold index runs: requests sent one after the
// other from `initialized` until the index reports its end, each timed from send to answer.

import { performance } from "node:perf_hooks";
import { DagListRequest } from "../../shared/protocol";
import { LspSession } from "../../server/test/support/lsp-session";

export interface AnswersDuringIndex {
  /** The first request, sent right after `initialized`. */
  firstMs: number;
  /** Every answer that arrived before the index was done, in ms. */
  latencies: number[];
  /** Spawn → index done. */
  indexMs: number;
}

/** Spawns a server on `root` and keeps asking gluepy/dags until its indexing progress ends. */
export async function answersDuringIndex(root: string): Promise<AnswersDuringIndex> {
  const started = performance.now();
  const lsp = await LspSession.start(root, { progress: true });
  try {
    let done = false;
    const end = lsp
      .waitForNotification<{ value: { kind: string } }>("$/progress", (p) => p.value.kind === "end", { timeoutMs: 300_000 })
      .then(() => (done = true));
    const latencies: number[] = [];
    while (!done) {
      const sent = performance.now();
      await lsp.request(DagListRequest, {}, 300_000);
      if (!done) latencies.push(performance.now() - sent);
    }
    await end;
    return { firstMs: latencies[0] ?? NaN, latencies, indexMs: performance.now() - started };
  } finally {
    await lsp.close();
  }
}
