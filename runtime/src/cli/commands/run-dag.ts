// `gluepy dag <label> ...`: runs a DAG (or some of its tasks) through the runtime's runDag, prints its
// events (live list, plain lines, or `--json`), and maps the outcome to the exit code. SIGINT/SIGTERM/
// SIGHUP cancel the run: running tasks stop, state is saved, exit 130.

import { Option, type Command } from "commander";
import { runtime } from "gluepy";
import { projectDirOf, type CliIO } from "../cli-io";
import { EXIT_CANCELLED, EXIT_USAGE } from "../../../../shared/exit-codes";
import { createRunOutput } from "../output/run-output";
import { redirectProcessWrites } from "../output/stream-redirect";
import { unknownLabelMessage } from "../unknown-label";

interface DagOptions {
  task?: string;
  fromTask?: string;
  retry?: string;
  resume?: boolean;
  patch: string[];
  localPatch: string[];
  skipEval?: boolean;
  evalOnly?: boolean;
  compare?: string[];
  concurrency?: number;
  executor?: string;
  json?: boolean;
  cache?: boolean;
  dryRun?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new runtime.UsageError(`--concurrency '${value}': expected a whole number of at least 1.`);
  return n;
}

export function configure(cmd: Command, io: CliIO): void {
  cmd
    .argument("<label>", "the DAG's label")
    .addOption(new Option("--task <label>", "run only this task (normally with --retry)").conflicts("fromTask"))
    .option("--from-task <label>", "run this task and everything downstream of it")
    .option("--retry <folder>", "reuse this run folder and its context.yaml")
    .option("--resume", "with --retry: skip the tasks that already succeeded there")
    .option("--patch <file>", "a YAML file merged over the context (repeatable)", collect, [])
    .option("--local-patch <file>", "a YAML file merged after the patches (repeatable)", collect, [])
    .addOption(new Option("--skip-eval", "leave out the DAG's eval tasks").conflicts("evalOnly"))
    .option("--eval-only", "run only the DAG's eval tasks")
    .addOption(
      new Option("--compare <folders...>", "tabulate the metrics of these run folders instead of running").conflicts([
        "task",
        "fromTask",
        "retry",
        "resume",
        "evalOnly",
        "skipEval",
      ]),
    )
    .option("--concurrency <n>", "tasks at once (default: CPU count)", positiveInt)
    .option("--executor <name>", "the executor that runs the tasks (default: settings, else in-process)")
    .option("--json", "print one JSON event per line on stdout (logs go to stderr)")
    .option("--cache", "reuse tasks whose code, context reads and input files match an earlier run")
    .option("--no-cache", "run every task, whatever the settings say (wins over --cache)")
    .addOption(new Option("--dry-run", "run nothing: print per task whether it would run or be reused, and why").conflicts(["retry", "resume", "compare"]))
    .action(async (label: string, opts: DagOptions) => {
      // --no-cache wins over --cache whatever their order (commander keeps the last one given).
      if (noCache) opts.cache = false;
      io.exitCode = await runCommand(projectDirOf(cmd), label, opts, io);
    });
  let noCache = false;
  cmd.on("option:no-cache", () => (noCache = true));
}

async function runCommand(projectDir: string, label: string, opts: DagOptions, io: CliIO): Promise<number> {
  const project = await runtime.loadProject(projectDir, { env: io.env, dag: label });
  if (!project.registry.dags.has(label)) {
    io.stderr.write(`gluepy: ${unknownLabelMessage("DAG", label, project.registry.dags.keys())}\n`);
    return EXIT_USAGE;
  }
  if (opts.compare) return compare(project, opts.compare, Boolean(opts.json), io);
  // The run cache: on by the settings' `cache: true` or --cache; --no-cache wins. Off by default.
  const cacheOn = opts.cache ?? project.settings.cache ?? false;
  const cache = cacheOn ? { code: { projectDir: project.dir, index: project.index, moduleOf: (cls: Function) => project.sourceOf(cls)?.file } } : undefined;
  if (opts.dryRun) return dryRun(project, label, opts, cache, io);

  // With --json, stdout carries events and nothing else: whatever else writes to it (a task calling
  // process.stdout.write) goes to stderr for the run. In a terminal, such writes (to stdout or stderr)
  // are printed above the live task list instead of through it.
  const json = Boolean(opts.json);
  const live = !json && Boolean(io.stdout.isTTY);
  const route = (text: string) => (json ? io.stderr.write(text) : output.print?.(text));
  const restoreWrites = json || live ? redirectProcessWrites(io, route, live && Boolean(process.stderr.isTTY)) : () => {};
  const output = createRunOutput({ json, stdout: io.stdout, projectDir: project.dir, env: io.env });
  const abort = new AbortController();
  const cancel = () => {
    if (abort.signal.aborted) process.exit(EXIT_CANCELLED);
    io.stderr.write("gluepy: cancelling: stopping running tasks and saving state (press Ctrl+C again to quit at once)\n");
    abort.abort();
  };
  // SIGHUP too: a closed terminal would otherwise end the process without its record's last words.
  const signals = ["SIGINT", "SIGTERM", "SIGHUP"] as const;
  for (const signal of signals) process.on(signal, cancel);
  let outcome: runtime.RunOutcome;
  try {
    outcome = await runtime.runDag({
      ...runSelection(project, label, opts, io),
      retry: opts.retry,
      resume: opts.resume,
      concurrency: opts.concurrency,
      executor: opts.executor,
      cache,
      signal: abort.signal,
      onEvent: (e) => {
        output.event(e);
        // Out now: a run ended by its guard (a process.exit, a fatal error) has no later turn to print in.
        if (e.event === "run-end") output.close();
      },
    });
  } finally {
    output.close();
    restoreWrites();
    for (const signal of signals) process.off(signal, cancel);
  }
  // Gluepy's metrics block at the end of the run ("" when it logged none); --json carries metric events.
  const metrics = json ? "" : runtime.metricsBlock(outcome.metrics);
  if (metrics) io.stderr.write(metrics);
  return outcome.exitCode;
}

/** What a run and a dry run share: the project, the DAG and its tasks, the context patches, warnings. */
function runSelection(project: runtime.LoadedProject, label: string, opts: DagOptions, io: CliIO) {
  return {
    projectDir: project.dir,
    registry: project.registry,
    settings: project.settings,
    dag: label,
    task: opts.task,
    fromTask: opts.fromTask,
    patches: opts.patch,
    localPatches: opts.localPatch,
    skipEval: opts.skipEval,
    evalOnly: opts.evalOnly,
    onWarning: (message: string) => io.stderr.write(`gluepy: warning: ${message}\n`),
  };
}

/** `--dry-run`: one line per task (JSON with --json), exit 0; nothing runs and no run folder is made. */
async function dryRun(project: runtime.LoadedProject, label: string, opts: DagOptions, cache: runtime.RunOptions["cache"], io: CliIO): Promise<number> {
  const lines = await runtime.dryRunDag({ ...runSelection(project, label, opts, io), cache });
  io.stdout.write(opts.json ? lines.map((l) => JSON.stringify({ task: l.task, willRun: l.willRun, reasons: l.reasons, ...(l.cached ? { cached: l.cached } : {}) }) + "\n").join("") : runtime.dryRunText(lines));
  return 0;
}

async function compare(project: runtime.LoadedProject, folders: string[], json: boolean, io: CliIO): Promise<number> {
  const rooted = folders.map((f) => runtime.runFolderArg("--compare", f, project.settings.storageRoot, process.cwd()));
  const storage = await runtime.createStorage(project.settings);
  const table = await runtime.compareRuns(storage, rooted);
  io.stdout.write(json ? JSON.stringify(table) + "\n" : runtime.renderComparison(table));
  return 0;
}
