// The floor of a chain run in plain Node (issue 10), no Gluepy in it: the same number of classes declared one
// by one across the same number of CommonJS files as a realistic project (realistic-project.ts), each
// instantiated and its no-op run() called once, in order, with the one synchronous append per task to an
// events file that issue 15's record needs at the least. What no runtime can do without, on this machine.

import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { TASK_FILES } from "./realistic-project";

/** A folder with the floor's script, `node <script>` runs it; its events file goes to the folder's runs/. */
export function plainNodeFloor(tasks: number, prefix = "gluepy-bench-floor-"): { dir: string; script: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  mkdirSync(join(dir, "tasks"));
  const files = Math.min(TASK_FILES, tasks);
  const perFile = Math.ceil(tasks / files);
  writeFileSync(join(dir, "base.js"), "class Task {}\nmodule.exports = { Task };\n");
  const requires: string[] = [];
  for (let f = 0; f * perFile < tasks; f++) {
    const classes: string[] = [];
    for (let i = f * perFile; i < Math.min(tasks, (f + 1) * perFile); i++) {
      classes.push(`exports.Task${i} = class Task${i} extends Task {\n  static label = "t${i}";\n  run() {}\n};\n`);
    }
    writeFileSync(join(dir, "tasks", `tasks${f}.js`), `const { Task } = require("../base");\n\n${classes.join("\n")}`);
    requires.push(`require("./tasks/tasks${f}")`);
  }
  const script = join(dir, "chain.js");
  writeFileSync(
    script,
    `const { mkdirSync, openSync, writeSync, closeSync } = require("node:fs");
const classes = [${requires.join(", ")}].flatMap((m) => Object.values(m));
mkdirSync(__dirname + "/runs", { recursive: true });
const fd = openSync(__dirname + "/runs/events.jsonl", "a");
for (const Cls of classes) {
  new Cls().run();
  writeSync(fd, '{"event":"task-end","ts":"' + new Date().toISOString() + '","task":' + JSON.stringify(Cls.label) + ',"status":"succeeded"}\\n');
}
closeSync(fd);
`,
  );
  return { dir, script };
}
