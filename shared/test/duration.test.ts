import * as assert from "node:assert/strict";
import { formatDuration } from "../duration";

describe("formatDuration", () => {
  it("prints milliseconds under a second, tenths of seconds under a minute", () => {
    assert.deepEqual([formatDuration(0), formatDuration(12.4), formatDuration(999), formatDuration(1530), formatDuration(12_340)], ["0ms", "12ms", "999ms", "1.5s", "12.3s"]);
  });

  it("prints minutes and two-digit seconds, then hours", () => {
    assert.deepEqual([formatDuration(65_000), formatDuration(125_000), formatDuration(3_725_000)], ["1m05s", "2m05s", "1h02m05s"]);
  });

  it("rounds once, so a value just under a unit's end moves up a unit instead of printing 60 of the smaller one", () => {
    assert.equal(formatDuration(119_600), "2m00s");
    assert.equal(formatDuration(59_960), "1m00s");
    assert.equal(formatDuration(999.6), "1.0s");
    assert.equal(formatDuration(3_599_600), "1h00m00s");
  });
});
