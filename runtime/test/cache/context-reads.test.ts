// What a task attempt records of the frozen context for its fingerprint (issue 13): every way code can
// observe it (a value, a missing key, a map's keys, `in`, a list's length and items) and nothing of the
// run meta; and checked against a changed context, exactly the reads whose answer changed differ.

import assert from "node:assert/strict";
import { freezeContext } from "../../src/conf/context";
import { ContextReads, seenNow } from "../../src/cache/context-reads";
import { runInScope, type RunScope } from "../../src/exec/scope";
import type { ContextRead } from "../../../shared/run-cache";

function readsOf(context: unknown, code: (c: any) => unknown): ContextRead[] {
  const reads = new ContextReads();
  const scope: RunScope = { runId: "r", runFolder: "runs/r", context: context as Record<string, unknown>, storage: undefined as never, emit: () => {} };
  runInScope(scope, () => code(context), undefined, undefined, undefined, reads);
  return reads.list();
}

const base = { gluepy: { runId: "r1", runFolder: "runs/r1" }, model: { depth: 3, features: ["a", "b"] }, seed: 1 };

describe("context reads (run cache fingerprint)", () => {
  it("records values, missing keys, listed keys, `in` and list items; not gluepy.*; nothing outside an attempt that records", () => {
    const context = freezeContext(base);
    const reads = readsOf(context, (c) => [c.model.depth, c.model.missing, Object.keys(c.model), "seed" in c, c.model.features.length, c.model.features[1], c.gluepy.runId]);
    assert.deepEqual(
      reads.map((r) => `${r.kind} ${r.key.join(".")} = ${r.seen}`),
      // Object.keys also asks each key's descriptor: model.features is seen (a list) there first.
      ["shape model = map", "value model.depth = 3", "value model.missing = undefined", "keys model = [\"depth\",\"features\"]", "shape model.features = list", "has seed = true", "value model.features.length = 2", "value model.features.1 = \"b\""],
    );
    // Outside a recording attempt the same reads record nothing (the cache is off, or it is the runtime reading).
    const idle = new ContextReads();
    void (context as any).model.depth;
    assert.deepEqual(idle.list(), []);
  });

  it("checked against another context, exactly the reads whose answer changed differ", () => {
    const reads = readsOf(freezeContext(base), (c) => [c.model.depth, Object.keys(c.model), "seed" in c, c.model.features[0]]);
    const changed = (next: unknown) => reads.filter((r) => seenNow(freezeContext(next), r) !== r.seen).map((r) => `${r.kind} ${r.key.join(".")}`);
    assert.deepEqual(changed(base), []);
    assert.deepEqual(changed({ ...base, gluepy: { runId: "r2", runFolder: "runs/r2" } }), [], "the run meta is no part of it");
    assert.deepEqual(changed({ ...base, model: { ...base.model, depth: 4 } }), ["value model.depth"]);
    assert.deepEqual(changed({ ...base, model: { ...base.model, extra: 1 } }), ["keys model"]);
    assert.deepEqual(changed({ model: base.model, gluepy: base.gluepy }), ["has seed"]);
    assert.deepEqual(changed({ ...base, model: { ...base.model, features: ["z", "b"] } }), ["value model.features.0"]);
    assert.deepEqual(changed({ ...base, model: "flat" }), ["shape model", "value model.depth", "keys model", "shape model.features", "value model.features.0"]);
  });
});
