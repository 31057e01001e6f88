// What the Experiments page keeps across a reload (media/src/experiments/page-state.ts): the view read back
// from a saved state of any shape, and picked runs dropped when they are no longer listed.

import { strict as assert } from "node:assert";
import type { ExperimentRun } from "../../shared/experiments-protocol";
import { initialView, pickedStillListed, restoredView } from "../src/experiments/page-state";

const listed = (...keys: string[]): ExperimentRun[] =>
  keys.map((key) => ({ key, project: "p", run: { runId: key, runFolder: `runs/${key}`, status: "succeeded", tasks: {}, metrics: {}, params: {} } }));

describe("experiments page state", () => {
  it("reads back the sort, the filter text, the statuses ticked and the picked runs in the order picked", () => {
    const saved = { sort: { column: "metric:rmse", descending: false }, text: "model.lr=0.05", statuses: ["failed", "cancelled"], picked: ["/p:b", "/p:a"] };
    assert.deepEqual(restoredView(JSON.parse(JSON.stringify(saved))), saved);
  });

  it("a page never saved, or a state of another shape, opens as a new page; each bad field alone falls back", () => {
    for (const saved of [undefined, null, "view", 3, []]) assert.deepEqual(restoredView(saved), initialView());
    assert.deepEqual(restoredView({ sort: { column: "", descending: true }, text: 5, statuses: "failed", picked: {} }), initialView());
    assert.deepEqual(restoredView({ sort: { column: "duration" }, text: "x" }), { ...initialView(), text: "x" }, "a sort without its direction is not kept");
    assert.deepEqual(
      restoredView({ statuses: ["failed", "exploded", 1, "failed"], picked: ["/p:a", "", 7, "/p:a", "x".repeat(5000)] }),
      { ...initialView(), statuses: ["failed"], picked: ["/p:a"] },
      "unknown statuses, non-keys and repeats dropped",
    );
  });

  it("drops picked runs no longer listed (their folder is gone), keeping the order picked", () => {
    assert.deepEqual(pickedStillListed(["/p:c", "/p:gone", "/p:a"], listed("/p:a", "/p:b", "/p:c")), ["/p:c", "/p:a"]);
    assert.deepEqual(pickedStillListed(["/p:a"], []), []);
  });
});
