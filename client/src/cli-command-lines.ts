// The `gluepy` command lines the extension runs (DESIGN §3), built from what the user picked and the
// settings. Pure: the same arguments feed the run process, the TaskProvider and the tests.

/** One run of `gluepy dag`. */
export interface DagRunRequest {
  dag: string;
  /** Only this task (`--task`). */
  task?: string;
  /** This task and everything downstream of it (`--from-task`). */
  fromTask?: string;
  /** Reuse this run folder and its context.yaml (`--retry`). */
  retry?: string;
  /** With `retry`: skip the tasks that already succeeded there (`--resume`). */
  resume?: boolean;
}

export interface RunSettings {
  concurrency?: number | null;
  patches?: string[];
  localPatches?: string[];
}

/** Arguments after the CLI script: `--project DIR dag <label> ...`, with `--json` for the extension's own runs. */
export function dagRunArgs(projectDir: string, request: DagRunRequest, settings: RunSettings = {}, json = true): string[] {
  if (request.task && request.fromTask) throw new Error("A run takes either a task or a from-task, not both.");
  if (request.resume && !request.retry) throw new Error("Resume needs a run folder to retry.");
  const args = ["--project", projectDir, "dag", request.dag];
  if (request.task) args.push("--task", request.task);
  if (request.fromTask) args.push("--from-task", request.fromTask);
  if (request.retry) args.push("--retry", request.retry);
  if (request.resume) args.push("--resume");
  for (const p of settings.patches ?? []) args.push("--patch", p);
  for (const p of settings.localPatches ?? []) args.push("--local-patch", p);
  if (settings.concurrency && settings.concurrency > 0) args.push("--concurrency", String(Math.floor(settings.concurrency)));
  if (json) args.push("--json");
  return args;
}

/** `gluepy dag <label> --dry-run --json`: per task, whether the run Run DAG would start runs it or reuses it,
 * and why: the same settings' patches (a patch changes what the tasks read of the context) and, like Run DAG,
 * no cache flag, so the project's `cache` setting decides (off: every task says `cache off`). Runs nothing. */
export function dryRunArgs(projectDir: string, dag: string, settings: Pick<RunSettings, "patches" | "localPatches"> = {}): string[] {
  const args = ["--project", projectDir, "dag", dag, "--dry-run"];
  for (const p of settings.patches ?? []) args.push("--patch", p);
  for (const p of settings.localPatches ?? []) args.push("--local-patch", p);
  args.push("--json");
  return args;
}

/** `gluepy dag <label> --compare <folders...>`: a metrics table of past runs. */
export function compareArgs(projectDir: string, dag: string, runFolders: string[]): string[] {
  if (runFolders.length === 0) throw new Error("Pick at least one run to compare.");
  return ["--project", projectDir, "dag", dag, "--compare", ...runFolders];
}

/** `gluepy airflow generate <dest> [label]`. */
export function airflowArgs(projectDir: string, dest: string, dag?: string): string[] {
  return ["--project", projectDir, "airflow", "generate", dest, ...(dag ? [dag] : [])];
}

/** `gluepy dagster generate <dest> [label]`. */
export function dagsterArgs(projectDir: string, dest: string, dag?: string): string[] {
  return ["--project", projectDir, "dagster", "generate", dest, ...(dag ? [dag] : [])];
}

/** `gluepy list --json`: loads the project, which fills the runtime's caches (see prewarm.ts). */
export function listArgs(projectDir: string): string[] {
  return ["--project", projectDir, "list", "--json"];
}

/** `gluepy runs --json`: the project's runs, read by the runtime from wherever its settings keep them. */
export function runsArgs(projectDir: string): string[] {
  return ["--project", projectDir, "runs", "--json"];
}

/** `gluepy preview <file> --offset K --rows N --json`: a page of a data file's rows, with its schema and row
 * count (`file`: from the storage root, or its path on this machine). */
export function previewArgs(projectDir: string, file: string, offset: number, rows: number): string[] {
  return ["--project", projectDir, "preview", file, "--offset", String(offset), "--rows", String(rows), "--json"];
}

/** `gluepy startproject <dir>`. */
export function startProjectArgs(dir: string): string[] {
  return ["startproject", dir];
}

/** A one-line title for a run request, for progress and the status bar. */
export function describeRun(request: DagRunRequest): string {
  const parts = [request.dag];
  if (request.task) parts.push(`task ${request.task}`);
  if (request.fromTask) parts.push(`from ${request.fromTask}`);
  if (request.retry) parts.push(request.resume ? "retry failed" : "retry");
  return parts.join(", ");
}
