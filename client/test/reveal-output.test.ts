// When the run's log comes into view by itself, for each value of gluepy.run.revealOutput.

import { strict as assert } from "node:assert";
import { revealsOutput, type RevealOutput } from "../src/reveal-output";

describe("reveal output", () => {
  it("always: at the start; onFailure: at a failed end only; never: not at all", () => {
    const seen = (["always", "onFailure", "never"] as RevealOutput[]).map((s) => [s, revealsOutput(s, "start"), revealsOutput(s, "failure")]);
    assert.deepEqual(seen, [
      ["always", true, false],
      ["onFailure", false, true],
      ["never", false, false],
    ]);
  });
});
