import { strict as assert } from "node:assert";
import { validateWebviewMessage } from "../../shared/webview-protocol";

describe("webview → extension messages: validateWebviewMessage", () => {
  it("accepts each known message and keeps only its known fields", () => {
    assert.deepEqual(validateWebviewMessage({ type: "ready" }), { type: "ready" });
    assert.deepEqual(validateWebviewMessage({ type: "open-task", dag: "training", task: "train", uri: "file:///etc/passwd" }), {
      type: "open-task",
      dag: "training",
      task: "train",
    });
    assert.deepEqual(validateWebviewMessage({ type: "retry-from-task", dag: "d", task: "t" }), { type: "retry-from-task", dag: "d", task: "t" });
    assert.deepEqual(validateWebviewMessage({ type: "export-svg", dag: "d", svg: "<svg xmlns='x'></svg>" }), { type: "export-svg", dag: "d", svg: "<svg xmlns='x'></svg>" });
  });

  it("refuses unknown types, missing or mistyped fields, and non-objects", () => {
    for (const bad of [
      null,
      "run-dag",
      [],
      { type: "run-shell", command: "rm -rf /" },
      { type: "run-task", dag: "d" },
      { type: "run-task", dag: "d", task: 3 },
      { type: "run-dag", dag: "" },
      { type: "run-dag", dag: "x\n--patch evil.yaml" },
      { type: "run-dag", dag: "x".repeat(201) },
      { type: "export-svg", dag: "d", svg: "<script>alert(1)</script>" },
      { type: "toString" },
      { type: "__proto__" },
    ]) {
      assert.equal(validateWebviewMessage(bad), undefined, JSON.stringify(bad));
    }
  });
});
