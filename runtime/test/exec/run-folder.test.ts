// Run ids, run folders, the --retry argument, task selection and error positions: the pure parts of a run.

import assert from "node:assert/strict";
import path from "node:path";
import type { DagGraph } from "../../../shared/dag-model";
import { UsageError } from "../../src/exec/errors";
import { userFrame, withoutRuntimeFrames } from "../../src/exec/error-position";
import { newRunId, runFolderArg, runFolderFor } from "../../src/exec/run-folder";
import { checkSelection, selectTasks } from "../../src/exec/selection";

describe("run folders", () => {
  it("are runs/YYYY/MM/DD/<runId> in UTC, zero padded, with a unique id that sorts by start time to the millisecond", () => {
    const at = new Date("2026-03-04T23:30:05.123Z");
    const id = newRunId(at);
    assert.match(id, /^20260304T233005Z-[0-9a-f]{6}$/);
    assert.notEqual(newRunId(at), id);
    // Within one second the ids still sort by start time.
    const later = newRunId(new Date("2026-03-04T23:30:05.124Z"));
    assert.ok(later > id && later > newRunId(at), `${later} sorts after ${id}`);
    assert.equal(runFolderFor(id, at), `runs/2026/03/04/${id}`);
  });

  it("a run folder argument is absolute, storage-root relative or relative to the current directory; others are refused", () => {
    const root = "/repo/examples/forecast/data";
    const folder = "runs/2026/03/04/20260304T233005Z-abcdef";
    const arg = (a: string, cwd: string) => runFolderArg("--retry", a, root, cwd);
    assert.equal(arg(folder, "/anywhere"), folder);
    assert.equal(arg(path.join(root, folder), "/elsewhere"), folder);
    assert.equal(arg(`data/${folder}/`, "/repo/examples/forecast"), folder);
    // From the repository root, as a shell user types it.
    assert.equal(arg(`examples/forecast/data/${folder}`, "/repo"), folder);
    assert.throws(() => arg("../../etc", "/repo"), UsageError);
    assert.throws(() => runFolderArg("--compare", "runs/2026", root, "/repo"), /--compare 'runs\/2026' is not a run folder: expected runs\/YYYY\/MM\/DD\/<runId>/);
  });
});

describe("task selection", () => {
  const node = (label: string, isEval = false) => ({ label, className: label.toUpperCase(), eval: isEval, groups: [] });
  const graph: DagGraph = {
    dag: "g",
    className: "G",
    nodes: [node("a"), node("b"), node("c"), node("d"), node("score", true)],
    edges: [["a", "b"], ["b", "c"], ["a", "d"], ["c", "score"], ["d", "score"]],
    groups: [],
    problems: [],
  };
  const sorted = (s: Set<string>) => [...s].sort();

  it("--from-task selects the task and everything downstream of it", () => {
    assert.deepEqual(sorted(selectTasks(graph, { fromTask: "b" })), ["b", "c", "score"]);
    assert.deepEqual(sorted(selectTasks(graph, { fromTask: "b", skipEval: true })), ["b", "c"]);
  });

  it("--task selects exactly that task, even an eval task", () => {
    assert.deepEqual(sorted(selectTasks(graph, { task: "score", skipEval: true })), ["score"]);
  });

  it("--resume leaves out what already succeeded", () => {
    assert.deepEqual(sorted(selectTasks(graph, { succeeded: new Set(["a", "d"]) })), ["b", "c", "score"]);
  });

  it("rejects --task with --from-task, and unknown labels with suggestions", () => {
    assert.throws(() => checkSelection(graph, { task: "a", fromTask: "b" }), /either --task or --from-task/);
    assert.throws(() => checkSelection(graph, { fromTask: "scor" }), /--from-task 'scor': DAG 'g' has no task 'scor'\. Did you mean 'score'\?/);
  });
});

describe("error positions", () => {
  const project = "/home/u/forecast";
  it("take the first stack frame inside the project that is not a dependency", () => {
    const stack = [
      "Error: boom",
      "    at helper (/home/u/forecast/node_modules/lib/index.js:1:10)",
      "    at Train.run (/home/u/forecast/src/tasks.ts:42:11)",
      "    at file:///home/u/forecast/src/dags.ts:3:1",
    ].join("\n");
    assert.deepEqual(userFrame(stack, project), { file: "/home/u/forecast/src/tasks.ts", line: 42, column: 11 });
  });

  it("read file:// URLs and skip frames outside the project", () => {
    const stack = ["Error: x", "    at node:internal/x:1:1", "    at /other/place.ts:1:1", "    at async file:///home/u/forecast/src/a%20b.ts:7:3"].join("\n");
    assert.deepEqual(userFrame(stack, project), { file: "/home/u/forecast/src/a b.ts", line: 7, column: 3 });
    assert.equal(userFrame("Error: x\n    at /other/place.ts:1:1", project), undefined);
  });

  it("cut the runtime's own frames below the task, but keep a stack that has nothing else", () => {
    const runtime = path.resolve(__dirname, "../../src/exec");
    const user = ["Error: boom", "    at Train.run (/home/u/forecast/src/tasks.ts:42:11)"];
    const below = [`    at runInScope (${runtime}/scope.ts:25:18)`, "    at AsyncLocalStorage.run (node:async_hooks:346:14)"];
    assert.equal(withoutRuntimeFrames([...user, ...below].join("\n")), user.join("\n"));
    const onlyRuntime = ["Error: timeout", `    at Timeout._onTimeout (${runtime}/task-runner.ts:50:20)`].join("\n");
    assert.equal(withoutRuntimeFrames(onlyRuntime), onlyRuntime);
  });
});
