// `gluepy worker`: runs task jobs from the project's BullMQ queue (Redis from the `bullmq` settings or
// GLUEPY_REDIS_URL) until stopped; any number of workers, on any machines that share the storage.
// `gluepy worker submit <label>`: Gluepy's simpler mode, one whole DAG run as one job for some worker.

import { type Command, Option } from "commander";
import { runtime } from "gluepy";
import { projectDirOf, type CliIO } from "../cli-io";
import { EXIT_CANCELLED, EXIT_OK, EXIT_USAGE, runExitCode } from "../../../../shared/exit-codes";

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function configure(cmd: Command, io: CliIO): void {
  cmd
    .description("Run task jobs of distributed runs (`gluepy dag <label> --executor bullmq`) until stopped")
    .option("--concurrency <n>", "jobs this worker runs at once", (v) => Number(v), 1)
    .addOption(new Option("--ipc", "serve the worker-pool executor of the parent process (started by it)").hideHelp())
    .addOption(new Option("--dag <label>", "with --ipc: the DAG of the parent's run (only its modules are loaded)").hideHelp())
    .action(async (opts: { concurrency: number; ipc?: boolean; dag?: string }) => {
      if (opts.ipc) {
        const project = await runtime.loadProject(projectDirOf(cmd), { env: io.env, dag: opts.dag });
        await runtime.servePoolProcess({ projectDir: project.dir, settings: project.settings, registry: project.registry });
        io.exitCode = EXIT_OK;
        return;
      }
      if (!Number.isInteger(opts.concurrency) || opts.concurrency < 1) {
        io.stderr.write(`gluepy worker: --concurrency must be a whole number of at least 1, not ${opts.concurrency}.\n`);
        io.exitCode = EXIT_USAGE;
        return;
      }
      const project = await runtime.loadProject(projectDirOf(cmd), { env: io.env });
      const worker = await runtime.startTaskWorker({
        projectDir: project.dir,
        settings: project.settings,
        registry: project.registry,
        concurrency: opts.concurrency,
        log: (line) => io.stderr.write(`gluepy worker: ${line}\n`),
      });
      io.stderr.write(`gluepy worker: ready on ${runtime.describeQueue(project.settings.bullmq)}, pid ${process.pid}, concurrency ${opts.concurrency}\n`);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once("SIGINT", () => resolve("SIGINT"));
        process.once("SIGTERM", () => resolve("SIGTERM"));
      });
      io.stderr.write(`gluepy worker: ${signal}, finishing running jobs\n`);
      await worker.close();
      io.exitCode = EXIT_CANCELLED;
    });

  cmd
    .command("submit")
    .description("Submit a whole DAG run as one job, run start to end by one worker")
    .argument("<label>", "the DAG's label")
    .option("--task <task>", "only this task")
    .option("--from-task <task>", "this task and everything downstream of it")
    .option("--retry <folder>", "reuse this run folder (on the worker's storage)")
    .option("--resume", "with --retry: skip tasks that already succeeded there")
    .option("--patch <file>", "a context patch file in storage (repeatable)", collect)
    .option("--skip-eval", "leave out the DAG's evalTasks")
    .option("--eval-only", "run only the DAG's evalTasks")
    .option("--wait", "wait for the run to end; print its run folder and exit as `gluepy dag` would")
    .action(async (label: string, opts: { task?: string; fromTask?: string; retry?: string; resume?: boolean; patch?: string[]; skipEval?: boolean; evalOnly?: boolean; wait?: boolean }) => {
      const settings = runtime.loadProjectSettings(projectDirOf(cmd), { env: io.env });
      const where = runtime.describeQueue(settings.bullmq);
      const { patch: patches, wait, ...selection } = opts;
      const submitted = await runtime.submitRun(settings.bullmq, { dag: label, patches, ...selection }, { wait });
      io.stderr.write(`gluepy worker submit: DAG '${label}' queued as job ${submitted.jobId} on ${where}\n`);
      const result = submitted.result;
      if (!result) {
        io.stdout.write(`${submitted.jobId}\n`);
        io.exitCode = EXIT_OK;
        return;
      }
      io.stdout.write(`${result.runFolder}\n`);
      io.stderr.write(`gluepy worker submit: run ${result.runId} ${result.status}\n`);
      io.exitCode = runExitCode(result.status);
    });
}
