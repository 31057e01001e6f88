// `gluepy dag` through the built CLI: exit codes, the --json event stream, human output, failure
// semantics, retry/resume with patches, cancellation, --compare, and the errors users get.

import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseRunEvent, type RunEvent, type RunStartEvent, type TaskEndEvent } from "../../../shared/events";
import { spawn } from "node:child_process";
import { CLI, collect, ensureBuilt, startCli, TempProject } from "./support/cli";
import { screenAfter } from "./support/screen";
import { SHOP_FILES } from "./support/shop-project";

function events(stdout: string): RunEvent[] {
  const lines = stdout.split("\n").filter((l) => l !== "");
  return lines.map((l) => {
    const e = parseRunEvent(l);
    assert.ok(e, `not a run event: ${l}`);
    return e;
  });
}

function runFolders(project: TempProject): string[] {
  const base = join(project.dir, "data/runs");
  if (!existsSync(base)) return [];
  const out: string[] = [];
  for (const y of readdirSync(base)) for (const m of readdirSync(join(base, y))) for (const d of readdirSync(join(base, y, m))) for (const id of readdirSync(join(base, y, m, d))) out.push(`runs/${y}/${m}/${d}/${id}`);
  return out;
}

describe("gluepy dag", function () {
  this.timeout(60_000);
  let project: TempProject;

  before(() => ensureBuilt());
  beforeEach(() => (project = new TempProject(SHOP_FILES)));
  afterEach(() => project.cleanup());

  it("--json prints only run events, one per line, with the fields of DESIGN §3 and source positions", async () => {
    const r = await project.run(["dag", "scored", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const evs = events(r.stdout);
    assert.deepEqual(
      evs.map((e) => e.event),
      ["run-start", "task-start", "task-log", "task-end", "task-start", "task-end", "task-start", "metric", "metric", "task-end", "run-end"],
    );
    for (const e of evs) assert.ok(!Number.isNaN(Date.parse(e.ts)), `ts of ${e.event}`);
    const start = evs[0] as RunStartEvent;
    assert.equal(start.dag, "scored");
    assert.match(start.runFolder, /^runs\/\d{4}\/\d{2}\/\d{2}\/[^/]+$/);
    assert.ok(start.runFolder.endsWith(start.runId));
    assert.deepEqual(start.edges, [["a", "d"], ["d", "score"]]);
    const a = start.tasks.find((t) => t.label === "a")!;
    assert.deepEqual(a, { label: "a", className: "ATask", file: join(project.dir, "src/tasks.ts"), line: 4 });
    const log = evs.find((e) => e.event === "task-log");
    assert.deepEqual(log && { task: log.task, stream: log.stream, text: log.text }, { task: "a", stream: "stdout", text: "[a ran]" });
    const metrics = evs.filter((e) => e.event === "metric").map((e) => [e.task, e.key, e.value]);
    assert.deepEqual(metrics, [["score", "mae", 1.5], ["score", "rmse", 2]]);
    const end = evs.at(-1)!;
    assert.ok(end.event === "run-end" && end.status === "succeeded" && typeof end.durationMs === "number");
    // What a run leaves, in the zero-padded UTC folder.
    const folder = join(project.dir, "data", start.runFolder);
    for (const f of ["context.yaml", "a.txt", "d.txt", "metrics.json", ".gluepy/state.json", ".gluepy/events.jsonl"]) assert.ok(existsSync(join(folder, f)), f);
  });

  it("--json keeps stdout for events even when a task writes to process.stdout directly (that goes to stderr)", async () => {
    project.write({
      "src/raw.ts": `import { DAG, Task } from "gluepy";
export class RawWriter extends Task { run() { process.stdout.write("raw text\\n"); } }
export class RawDAG extends DAG { static label = "raw"; static tasks = [RawWriter]; }
`,
    });
    const r = await project.run(["dag", "raw", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(events(r.stdout).map((e) => e.event), ["run-start", "task-start", "task-end", "run-end"]);
    assert.match(r.stderr, /raw text/);
  });

  it("a failed task: downstream skipped, the independent branch finishes, exit 1, error at the .ts line", async () => {
    const r = await project.run(["dag", "shop", "--json"]);
    assert.equal(r.code, 1, r.stderr);
    const ends = new Map(events(r.stdout).filter((e): e is TaskEndEvent => e.event === "task-end").map((e) => [e.task, e]));
    assert.deepEqual(Object.fromEntries([...ends].map(([k, e]) => [k, e.status])), { a: "succeeded", b: "failed", c: "skipped", d: "succeeded" });
    const error = ends.get("b")!.error!;
    assert.equal(error.message, "b broke on purpose");
    assert.equal(error.file, join(project.dir, "src/tasks.ts"));
    assert.equal(error.line, 17);
    assert.match(error.stack, /src\/tasks\.ts:17:/);
    assert.doesNotMatch(error.stack, /\.gluepy\/cache/);
  });

  it("plain output when not a terminal: task lines with status, the error's position, no colour codes", async () => {
    const r = await project.run(["dag", "shop"]);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /Running DAG 'shop': 4 tasks, run folder runs\/\d{4}\/\d{2}\/\d{2}\//);
    assert.match(r.stdout, /✓ a succeeded in \d+ms/);
    assert.match(r.stdout, /✗ b failed in \d+ms: b broke on purpose\n {4}at src\/tasks\.ts:17:\d+/);
    assert.match(r.stdout, /- c skipped/);
    assert.match(r.stdout, /a \| \[a ran\]/);
    assert.match(r.stdout, /Run failed in/);
    assert.doesNotMatch(r.stdout, /\x1b\[/);
  });

  it("in a terminal: the live task list with statuses and durations, colours unless NO_COLOR", async () => {
    // util-linux `script` gives the CLI a real pseudo-terminal.
    const inTerminal = async (env: NodeJS.ProcessEnv) => {
      const command = [process.execPath, CLI, "--project", project.dir, "dag", "scored"].map((a) => `'${a}'`).join(" ");
      const r = await collect(spawn("script", ["-qec", command, "/dev/null"], { env: { ...process.env, NODE_OPTIONS: "", ...env }, stdio: ["ignore", "pipe", "pipe"] }));
      assert.equal(r.code, 0, r.stdout + r.stderr);
      return r.stdout.replace(/\r/g, "");
    };
    const coloured = await inTerminal({ NO_COLOR: "" });
    assert.match(coloured, /Running DAG 'scored'.*: 3 tasks/);
    assert.match(coloured, / {2}\x1b\[32m✓\x1b\[39m score \x1b\[2msucceeded\x1b\[22m\x1b\[2m \d+ms/);
    // The outcome under the final list, then Gluepy's metrics block (this DAG logs metrics).
    assert.match(coloured, /\x1b\[32mRun succeeded in \d+ms\x1b\[39m\n=== GLUEPY METRICS ===\n(metric:.*\n)+=== END METRICS ===\n$/);
    const plain = await inTerminal({ NO_COLOR: "1" });
    assert.match(plain, / {2}✓ score succeeded \d+ms\n/);
    assert.doesNotMatch(plain, /\x1b\[\d+m/);
  });

  it("in a terminal: a task writing straight to process.stdout/stderr prints above the live list, which stays whole", async () => {
    project.write({
      "src/chatty.ts": `import { DAG, Task } from "gluepy";
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
export class Chatty extends Task {
  static label = "chatty";
  async run() {
    // After the list's first draw (80 ms after the run starts), so a raw write would land inside it.
    await pause(300);
    process.stdout.write("raw out ");
    process.stdout.write("line\\n");
    process.stderr.write("raw err line\\n");
    await pause(300);
  }
}
export class ChattyDAG extends DAG {
  static label = "chatty";
  static tasks = [Chatty];
}
`,
    });
    const command = [process.execPath, CLI, "--project", project.dir, "dag", "chatty"].map((a) => `'${a}'`).join(" ");
    const r = await collect(spawn("script", ["-qec", command, "/dev/null"], { env: { ...process.env, NODE_OPTIONS: "", NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"] }));
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const screen = screenAfter(r.stdout.replace(/\r\n/g, "\n"));
    assert.equal(screen.filter((l) => l.startsWith("Running DAG 'chatty'")).length, 1, screen.join("\n"));
    const header = screen.findIndex((l) => l.startsWith("Running DAG 'chatty'"));
    assert.deepEqual(screen.slice(0, header), ["raw out line", "raw err line"], screen.join("\n"));
    assert.match(screen[header + 1]!, /^ {2}✓ chatty succeeded \d+ms$/);
    assert.match(screen[header + 2]!, /^Run succeeded in /);
  });

  it("colours only when asked for (FORCE_COLOR) and never with NO_COLOR", async () => {
    const coloured = await project.run(["dag", "scored"], { env: { NO_COLOR: "", FORCE_COLOR: "1" } });
    assert.match(coloured.stdout, /\x1b\[32m✓\x1b\[39m a succeeded/);
    const plain = await project.run(["dag", "scored"], { env: { NO_COLOR: "1", FORCE_COLOR: "1" } });
    assert.doesNotMatch(plain.stdout, /\x1b\[/);
  });

  it("--retry FOLDER --resume with a --patch runs only the failed task and what depends on it", async () => {
    const first = await project.run(["dag", "shop", "--json"]);
    assert.equal(first.code, 1);
    const folder = (events(first.stdout)[0] as RunStartEvent).runFolder;
    project.write({ "data/fix.yaml": "shop:\n  fail: false\n" });
    const r = await project.run(["dag", "shop", "--retry", folder, "--resume", "--patch", "fix.yaml", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const evs = events(r.stdout);
    assert.equal((evs[0] as RunStartEvent).runFolder, folder);
    assert.deepEqual(
      evs.filter((e) => e.event === "task-start").map((e) => e.task),
      ["b", "c"],
    );
    assert.deepEqual(runFolders(project), [folder]);
    assert.ok(existsSync(join(project.dir, "data", folder, "c.txt")));
  });

  it("a cyclic DAG exits 2 before anything runs and names the cycle", async () => {
    const r = await project.run(["dag", "loop"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /x → y → x/);
    assert.equal(r.stdout, "");
    assert.deepEqual(runFolders(project), []);
  });

  it("an invalid DAG blocks only itself: the project's other DAGs still run", async () => {
    const r = await project.run(["dag", "scored"]);
    assert.equal(r.code, 0, r.stderr);
  });

  it("an unknown DAG exits 2 with the closest label suggested", async () => {
    const r = await project.run(["dag", "shpo"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no DAG 'shpo'; did you mean 'shop'\?/);
  });

  it("--task with a label the DAG does not have exits 2 with the closest labels (DESIGN §4b)", async () => {
    const r = await project.run(["dag", "shop", "--task", "dd"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--task 'dd'/);
    assert.match(r.stderr, /'d'/);
    assert.deepEqual(runFolders(project), []);
  });

  it("--task runs only that task; --from-task runs it and everything downstream", async () => {
    const only = await project.run(["dag", "shop", "--task", "d", "--json"]);
    assert.equal(only.code, 0, only.stderr);
    assert.deepEqual(events(only.stdout).filter((e) => e.event === "task-start").map((e) => e.task), ["d"]);
    const from = await project.run(["dag", "shop", "--from-task", "b", "--json"]);
    assert.equal(from.code, 1);
    const ends = events(from.stdout).filter((e): e is TaskEndEvent => e.event === "task-end");
    assert.deepEqual(ends.map((e) => [e.task, e.status]), [["b", "failed"], ["c", "skipped"]]);
  });

  it("--skip-eval leaves the eval tasks out; --eval-only runs only them", async () => {
    const skip = await project.run(["dag", "scored", "--skip-eval", "--json"]);
    assert.deepEqual(events(skip.stdout).filter((e) => e.event === "task-start").map((e) => e.task), ["a", "d"]);
    const only = await project.run(["dag", "scored", "--eval-only", "--json"]);
    assert.deepEqual(events(only.stdout).filter((e) => e.event === "task-start").map((e) => e.task), ["score"]);
  });

  for (const flags of [["--task", "a", "--from-task", "b"], ["--skip-eval", "--eval-only"], ["--compare", "x", "--task", "a"]]) {
    it(`mutually exclusive flags exit 2: ${flags.join(" ")}`, async () => {
      const r = await project.run(["dag", "shop", ...flags]);
      assert.equal(r.code, 2);
      assert.match(r.stderr, /cannot be used with/);
      assert.deepEqual(runFolders(project), []);
    });
  }

  it("--concurrency must be a whole number: exit 2", async () => {
    const r = await project.run(["dag", "shop", "--concurrency", "zero"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--concurrency 'zero'/);
  });

  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    it(`${signal} cancels: the running task ends cancelled, state.json says so, exit 130 even while the task still sleeps`, async () => {
      const child = startCli(["--project", project.dir, "dag", "sleepy", "--json"]);
      const done = collect(child);
      let seen = "";
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no task-start: ${seen}`)), 30_000);
        child.stdout!.on("data", (d: Buffer | string) => {
          seen += d.toString();
          if (seen.includes('"task-start"')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
      child.kill(signal);
      const r = await done;
      assert.equal(r.code, 130, r.stderr);
      const evs = events(r.stdout);
      const end = evs.find((e): e is TaskEndEvent => e.event === "task-end")!;
      assert.equal(end.status, "cancelled");
      const last = evs.at(-1)!;
      assert.equal(last.event === "run-end" ? last.status : last.event, "cancelled");
      const folder = (evs[0] as RunStartEvent).runFolder;
      const state = JSON.parse(readFileSync(join(project.dir, "data", folder, ".gluepy/state.json"), "utf8")) as { status: string; tasks: Record<string, { status: string }> };
      assert.equal(state.status, "cancelled");
      assert.equal(state.tasks.sleep!.status, "cancelled");
    });
  }

  it("prints Gluepy's metrics block on stderr at the end of a run that logged metrics; not with --json, not without metrics", async () => {
    const r = await project.run(["dag", "scored"]);
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stderr.endsWith("=== GLUEPY METRICS ===\nmetric:mae=1.5\nmetric:rmse=2\n=== END METRICS ===\n"), r.stderr);
    const json = await project.run(["dag", "scored", "--json"]);
    assert.doesNotMatch(json.stderr + json.stdout, /GLUEPY METRICS/);
    const none = await project.run(["dag", "scored", "--skip-eval"]);
    assert.equal(none.code, 0, none.stderr);
    assert.doesNotMatch(none.stderr, /GLUEPY METRICS/);
  });

  it("--compare takes several run folders after one flag and tabulates their metrics (DESIGN §4b)", async () => {
    const one = await project.run(["dag", "scored", "--json"]);
    const two = await project.run(["dag", "scored", "--json"]);
    const folders = [one, two].map((r) => (events(r.stdout)[0] as RunStartEvent).runFolder);
    const r = await project.run(["dag", "scored", "--compare", ...folders]);
    assert.equal(r.code, 0, r.stderr);
    const [header, , mae, rmse] = r.stdout.split("\n");
    for (const f of folders) assert.ok(header!.includes(f.split("/").pop()!), header);
    assert.match(mae!, /^mae\s+1\.5\s+1\.5$/);
    assert.match(rmse!, /^rmse\s+2\s+2$/);
  });

  it("configs merge in file-name order (maps deep, lists replaced); a type conflict exits 2 naming file and key", async () => {
    project.write({
      "configs/01-base.yaml": "report:\n  title: base\n  items: [1, 2]\n  opts: {a: 1}\n",
      "configs/02-over.yaml": "report:\n  title: over\n  items: [3]\n  opts: {b: 2}\n",
      "src/report.ts": `import { DAG, Task, context } from "gluepy";
export class ShowReport extends Task { run() { console.log(JSON.stringify(context.report)); } }
export class ReportDAG extends DAG { static label = "report"; static tasks = [ShowReport]; }
`,
    });
    const r = await project.run(["dag", "report", "--json"]);
    assert.equal(r.code, 0, r.stderr);
    const log = events(r.stdout).find((e) => e.event === "task-log");
    assert.deepEqual(JSON.parse(log && log.event === "task-log" ? log.text : "null"), { title: "over", items: [3], opts: { a: 1, b: 2 } });
    project.write({ "configs/03-bad.yaml": "report: just text\n" });
    const bad = await project.run(["dag", "report"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /03-bad\.yaml/);
    assert.match(bad.stderr, /'report'/);
    assert.doesNotMatch(bad.stderr, /\n\s+at /);
  });

  it("a missing --patch file warns and the run goes on", async () => {
    const r = await project.run(["dag", "scored", "--patch", "missing.yaml"]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /missing\.yaml/);
  });
});
