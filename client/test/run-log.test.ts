// The run's log reaches the Output channel in few appends (each one is a message to the window while the
// channel is shown), in order, and nothing queued is lost at a flush.

import { strict as assert } from "node:assert";
import { RunLog } from "../src/run-log";

describe("run log", () => {
  it("appends a burst of 2,000 lines as one text, in order, within LOG_APPEND_MS", async () => {
    const appends: string[] = [];
    let appended!: () => void;
    const done = new Promise<void>((r) => (appended = r));
    const log = new RunLog({
      append: (text) => {
        appends.push(text);
        appended();
      },
    });
    const lines = Array.from({ length: 2000 }, (_, i) => `SUCCEEDED t${i}`);
    for (const line of lines) log.line(line);
    assert.equal(appends.length, 0, "nothing appended line by line");
    await done;
    assert.equal(appends.length, 1);
    assert.equal(appends[0], `${lines.join("\n")}\n`);
    log.dispose();
  });

  it("flush appends what is queued at once, and the next lines after it", () => {
    const appends: string[] = [];
    const log = new RunLog({ append: (text) => appends.push(text) });
    log.line("== gluepy dag run forecast");
    log.line("START prepare");
    log.flush();
    log.line("== Run did not finish");
    log.dispose();
    assert.deepEqual(appends, ["== gluepy dag run forecast\nSTART prepare\n", "== Run did not finish\n"]);
  });
});
