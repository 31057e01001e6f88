// `gluepy dagster generate` and `gluepy dagster start` through the real CLI, then the generated job "run"
// the way Dagster runs it: each op's command, read back from the module with Python's ast
// (dagster_ops.py; Dagster itself cannot be installed here: PyPI is unreachable), in the job's order, as
// the module's run_gluepy does (COMMAND + the op's arguments, in WORKING_DIR, with ENV). That reproduces a
// normal `gluepy dag` run of the DAG: the same task statuses and the same outputs, in one run folder.

import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { topologicalOrder } from "../../../shared/topo";
import { type FixtureProject, writeProject } from "./fixture-project";
import { gluepy } from "./gluepy-cli";
import { waitForExit } from "./process";
import { readDagsterModule } from "./read-generated-python";

const REPO = join(__dirname, "..", "..", "..");
const CLI_MAIN = join(REPO, "runtime", "src", "cli", "main.ts");
const TSX = pathToFileURL(join(REPO, "node_modules", "tsx", "dist", "loader.mjs")).href;

// Each task writes what it read from its upstream tasks, so the outputs show the order they ran in.
const DAGS = `import { DAG, Task, storage } from "gluepy";

function step(label: string, reads: string[], fail = false) {
  return class extends Task {
    static label = label;
    async run() {
      const inputs: string[] = [];
      for (const r of reads) inputs.push((await storage.open(storage.runpath(\`out/\${r}.txt\`))).toString());
      console.log(\`\${label} read \${inputs.length} inputs\`);
      if (fail) throw new Error(\`\${label} fails on purpose\`);
      await storage.touch(storage.runpath(\`out/\${label}.txt\`), \`\${label}(\${inputs.join(",")})\`);
    }
  };
}

const Load = step("load-raw", []);
const CleanA = step("clean.a", ["load-raw"]);
const CleanB = step("2nd-clean", ["load-raw"]);
const Fit = step("fit", ["clean.a", "2nd-clean"]);
const Tune = step("tune", ["fit"]);
const Report = step("report", ["tune"]);
class Modelling extends DAG {
  static label = "modelling";
  static tasks = [Fit, Tune];
}
export class Pipeline extends DAG {
  static label = "pipeline";
  static tasks = [Load, [CleanA, CleanB], Modelling];
  static evalTasks = [Report];
}

const Ok = step("ok", []);
const Broken = step("broken", ["ok"], true);
export class Failing extends DAG {
  static label = "failing";
  static tasks = [Ok, Broken];
}
`;

interface TaskStates {
  status: string;
  tasks: Record<string, { status: string }>;
}

describe("gluepy dagster (CLI)", function () {
  this.timeout(180_000);
  let project: FixtureProject | undefined;
  afterEach(() => project?.cleanup());

  async function cli(args: string[]) {
    const p = gluepy(args, { project: project!.dir, env: {} });
    const code = await waitForExit(p.child, 60_000);
    return { code, stdout: p.stdout(), stderr: p.stderr() };
  }

  /** What the module's run_gluepy does: COMMAND + args in WORKING_DIR with ENV, stdout and stderr as one stream. */
  async function runOp(command: string[], workingDir: string | null, env: Record<string, string>) {
    const child = spawn(command[0], command.slice(1), { cwd: workingDir ?? undefined, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    const code = await waitForExit(child, 60_000);
    return { code, output };
  }

  function generateProject() {
    // The project's gluepy: this repository's CLI under tsx, called through orchestrator.command as
    // Dagster's workers would call `gluepy`; orchestrator.env points tsx at the repository's tsconfig
    // (where "gluepy" maps to the runtime's source), since the op runs in the project's folder.
    const env = { TSX_TSCONFIG_PATH: join(REPO, "tsconfig.json") };
    project = writeProject(
      DAGS,
      `{ orchestrator: { command: ${JSON.stringify([process.execPath, "--import", TSX, CLI_MAIN])}, workingDir: ".", env: ${JSON.stringify(env)} } }`,
    );
  }

  function readState(runFolder: string): TaskStates {
    return JSON.parse(readFileSync(join(project!.storageRoot, runFolder, ".gluepy", "state.json"), "utf8"));
  }

  function outputs(runFolder: string): Record<string, string> {
    const dir = join(project!.storageRoot, runFolder, "out");
    return Object.fromEntries(readdirSync(dir).map((f) => [f, readFileSync(join(dir, f), "utf8")]));
  }

  it("generates a module whose ops, run in the job's order, reproduce a normal run in one run folder", async () => {
    generateProject();
    const dest = join(project!.dir, "dagster");
    const gen = await cli(["dagster", "generate", dest]);
    assert.equal(gen.code, 0, gen.stderr);
    assert.match(gen.stdout, /pipeline\.py {2}\(Dagster job 'pipeline' from 'pipeline'\)/);
    const back = readDagsterModule(join(dest, "pipeline.py"));
    // The image is the one setting's default: the project's package name.
    assert.equal(back.constants.IMAGE, "scaleout-fixture:latest");
    const command = back.constants.COMMAND as string[];
    const workingDir = back.constants.WORKING_DIR as string;
    const env = back.constants.ENV as Record<string, string>;
    assert.deepEqual(command.slice(-2), ["--project", "."]);

    // Dagster's order: a topological order of the ops by their inputs (the run folder and the Nothing ones).
    const names = Object.keys(back.ops);
    const wiring: [string, string][] = [...back.edges, ...Object.entries(back.run_folder_from).map(([to, from]): [string, string] => [from, to])];
    const order = topologicalOrder(names, wiring);
    assert.equal(order[0], "gluepy_start");
    let runFolder = "";
    for (const name of order) {
      const args = back.ops[name].args.map((a) => (a === "{run_folder}" ? runFolder : a));
      const step = await runOp([...command, ...args], join(project!.dir, workingDir), env);
      assert.equal(step.code, 0, `${name}: ${args.join(" ")}\n${step.output}`);
      if (name === "gluepy_start") {
        runFolder = step.output.trim().split("\n").pop()!;
        assert.match(runFolder, /^runs\/\d{4}\/\d{2}\/\d{2}\/[^/]+$/);
        assert.ok(existsSync(join(project!.storageRoot, runFolder, "context.yaml")));
      } else {
        // The op's log is the task's log.
        assert.match(step.output, new RegExp(`${back.ops[name].args[3].replace(".", "\\.")} read \\d inputs`));
      }
    }

    const normal = await cli(["dag", "pipeline", "--json"]);
    assert.equal(normal.code, 0, normal.stderr);
    const normalFolder = (normal.stdout.split("\n").map((l) => (l.startsWith("{") ? JSON.parse(l) : {})).find((e) => e.event === "run-start") as { runFolder: string }).runFolder;
    assert.notEqual(normalFolder, runFolder);

    // Same statuses, same outputs (each names what it read, so the order is the same too).
    const statuses = (folder: string) => Object.fromEntries(Object.entries(readState(folder).tasks).map(([t, s]) => [t, s.status]));
    assert.deepEqual(statuses(runFolder), statuses(normalFolder));
    assert.deepEqual(Object.values(statuses(runFolder)), ["succeeded", "succeeded", "succeeded", "succeeded", "succeeded", "succeeded"]);
    assert.deepEqual(outputs(runFolder), outputs(normalFolder));
    assert.equal(outputs(runFolder)["report.txt"], "report(tune(fit(clean.a(load-raw()),2nd-clean(load-raw()))))");
    const day = join(project!.storageRoot, ...runFolder.split("/").slice(0, 4));
    assert.equal(readdirSync(day).length, 2, "one run folder for the ops, one for the normal run");
  });

  it("fails the op of a failing task: its command exits 1 and says why", async () => {
    generateProject();
    const dest = join(project!.dir, "dagster");
    assert.equal((await cli(["dagster", "generate", dest, "failing"])).code, 0);
    assert.deepEqual(readdirSync(dest), ["failing.py"]);
    const back = readDagsterModule(join(dest, "failing.py"));
    const command = back.constants.COMMAND as string[];
    const cwd = join(project!.dir, back.constants.WORKING_DIR as string);
    const env = back.constants.ENV as Record<string, string>;
    const start = await runOp([...command, ...back.ops.gluepy_start.args], cwd, env);
    const runFolder = start.output.trim().split("\n").pop()!;
    const run = (name: string) => runOp([...command, ...back.ops[name].args.map((a) => (a === "{run_folder}" ? runFolder : a))], cwd, env);
    assert.equal((await run("ok")).code, 0);
    const broken = await run("broken");
    assert.equal(broken.code, 1);
    assert.match(broken.output, /broken fails on purpose/);
    assert.equal(readState(runFolder).tasks.broken.status, "failed");
  });

  it("runs the module's own op code (under a stand-in for dagster): the task's log lines go to the op's log, a failing task raises Failure", async () => {
    generateProject();
    const dest = join(project!.dir, "dagster");
    assert.equal((await cli(["dagster", "generate", dest, "failing"])).code, 0);
    const out = execFileSync("python3", [join(__dirname, "dagster_stand_in.py"), join(dest, "failing.py"), "task_ok", "task_broken"], {
      cwd: project!.dir,
      encoding: "utf8",
    });
    const { run_folder: runFolder, ops } = JSON.parse(out) as { run_folder: string; ops: Record<string, { log: string[]; failure: string | null }> };
    assert.match(runFolder, /^runs\/\d{4}\/\d{2}\/\d{2}\/[^/]+$/);
    assert.match(ops.gluepy_start.log[0], /^\$ .* dagster start failing$/);
    assert.equal(ops.task_ok.failure, null);
    assert.match(ops.task_ok.log[0], new RegExp(`^\\$ .* dag failing --task ok --retry ${runFolder}$`));
    assert.ok(ops.task_ok.log.includes("ok | ok read 0 inputs"), ops.task_ok.log.join("\n"));
    // One log entry per line, as the process writes them.
    assert.ok(ops.task_ok.log.every((line) => !line.includes("\n")));
    assert.match(ops.task_broken.failure ?? "", /dag failing --task broken --retry .* exited with code 1$/);
    assert.ok(ops.task_broken.log.some((line) => line.includes("broken fails on purpose")), ops.task_broken.log.join("\n"));
    assert.equal(readState(runFolder).tasks.ok.status, "succeeded");
    assert.equal(readState(runFolder).tasks.broken.status, "failed");
  });

  it("writes the valid DAGs and exits 2 naming an invalid one; an unknown label is exit 2 with a suggestion", async () => {
    project = writeProject(`import { DAG, Task } from "gluepy";
class A extends Task { run() {} }
class B extends Task { run() {} }
export class Good extends DAG { static label = "good-one"; static tasks = [A, B]; }
export class Loop extends DAG { static label = "loop"; static tasks = [A.after(B), B.after(A)]; }
`);
    const dest = join(project.dir, "out");
    const all = await cli(["dagster", "generate", dest]);
    assert.equal(all.code, 2);
    assert.match(all.stderr, /gluepy dagster generate: DAG 'loop' is invalid, so no Dagster job is generated for it:\n {2}cycle: [^\n]*(a → b → a|b → a → b)/);
    assert.deepEqual(readdirSync(dest), ["good_one.py"]);
    const typo = await cli(["dagster", "generate", dest, "good-on"]);
    assert.equal(typo.code, 2);
    assert.match(typo.stderr, /did you mean 'good-one'/);
    const start = await cli(["dagster", "start", "loop"]);
    assert.equal(start.code, 2);
    assert.match(start.stderr, /loop/);
  });
});
