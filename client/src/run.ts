// One run of a DAG as the user sees it: progress notification with Cancel, status bar, the coloured log in
// the Output channel, failed tasks in the Problems panel, and the events passed on to whoever listens
// (the graph panel, the runs view). One run at a time.

import * as vscode from "vscode";
import type { RunEvent, TaskEndEvent, TaskStartEvent } from "../../shared/events";
import { EXIT_CANCELLED, EXIT_OK, EXIT_TASK_FAILED } from "../../shared/exit-codes";
import { dagRunArgs, describeRun, type DagRunRequest } from "./cli-command-lines";
import { readConfig, revealOutputSetting } from "./config";
import { revealsOutput } from "./reveal-output";
import { FrameBatches } from "./frame-batches";
import { formatRunEvent } from "./log-format";
import { RunProblems } from "./failed-task-diagnostics";
import { RunLog } from "./run-log";
import { cliInvocation, RuntimeProcess } from "./run-process";
import { RunTrace } from "./run-trace";

export interface RunEventNotice {
  dag: string;
  /** The project folder the run runs in: its graph panel is that project's panel of the DAG. */
  project: string;
  event: RunEvent;
}

export interface RunOutcome {
  /** CLI exit code (DESIGN §3), 130 when cancelled. */
  code: number;
  runFolder: string | undefined;
}

/** What one run has shown so far, while it goes. */
interface ShownRun {
  projectDir: string;
  dag: string;
  title: string;
  trace: RunTrace;
  /** The notification's progress, once it is shown. */
  progress?: vscode.Progress<{ message?: string; increment?: number }>;
  runFolder?: string;
  done: number;
  total: number;
  failed?: { task: string; message: string };
  ended: boolean;
  stderrTail: string[];
  /** Task events not yet in the toast and status bar (shown once per frame). */
  shown: FrameBatches<TaskStartEvent | TaskEndEvent>;
}

export class RunController implements vscode.Disposable {
  private readonly events = new vscode.EventEmitter<RunEventNotice>();
  private readonly ended = new vscode.EventEmitter<RunOutcome>();
  /** Every run event, as it arrives. */
  readonly onRunEvent = this.events.event;
  /** After each run, when its process has exited. */
  readonly onRunEnd = this.ended.event;
  private active: RuntimeProcess | undefined;
  private readonly status: vscode.StatusBarItem;
  /** The Output channel's lines of the runs, appended together (run-log.ts). */
  private readonly log: RunLog;

  constructor(
    /** The CLI that runs a project's commands (project-runtimes.ts). */
    private readonly cliFor: (projectDir: string) => string,
    private readonly output: vscode.OutputChannel,
    private readonly problems: RunProblems,
    /** One timing line per run (see run-trace.ts). */
    private readonly trace: vscode.OutputChannel,
  ) {
    this.log = new RunLog(output);
    this.status = vscode.window.createStatusBarItem("gluepy.run", vscode.StatusBarAlignment.Left, 10);
    this.status.name = "Gluepy Run";
    this.status.command = "gluepy.showOutput";
  }

  get running(): boolean {
    return this.active !== undefined;
  }

  /** `explainFailure`: a line to add to a failed task's message (Run Task names the upstream tasks it missed). */
  async run(
    projectDir: string,
    request: DagRunRequest,
    trace = new RunTrace(),
    explainFailure?: (failed: { task: string; message: string }) => string | undefined,
  ): Promise<RunOutcome | undefined> {
    if (this.active) {
      void vscode.window.showWarningMessage(`Gluepy: a run is already going. Cancel it first ("Gluepy: Cancel Run"), then start the next.`);
      return undefined;
    }
    const config = readConfig(vscode.Uri.file(projectDir));
    const invocation = cliInvocation(this.cliFor(projectDir), dagRunArgs(projectDir, request, config), config.nodePath);
    trace.mark("args");
    const run: ShownRun = {
      projectDir,
      dag: request.dag,
      title: describeRun(request),
      trace,
      done: 0,
      total: 0,
      ended: false,
      stderrTail: [],
      shown: new FrameBatches((events) => this.showProgress(run, events)),
    };
    // The process starts first: the editor's own UI work below overlaps the runtime's start-up.
    const proc = new RuntimeProcess(invocation, projectDir, {
      onFirstOutput: () => trace.mark("first-byte"),
      onEvent: (event) => this.follow(run, event),
      onText: (line, stream) => this.logText(run, line, stream),
    });
    this.active = proc;
    trace.mark("spawned");
    this.showStarted(run, invocation.args);
    const outcome = await this.untilExit(run, proc);
    this.active = undefined;
    const hint = run.failed && explainFailure?.(run.failed);
    if (hint) {
      run.failed!.message = `${run.failed!.message}. ${hint}`;
      this.log.line(`== ${hint}`);
    }
    this.showEnded(run, outcome);
    return outcome;
  }

  /** One run event: its log lines, the notification's progress, the status bar, a failed task's problem. */
  private follow(run: ShownRun, event: RunEvent): void {
    for (const line of formatRunEvent(event)) this.log.line(line);
    if (event.event === "run-start") {
      run.trace.mark("run-start");
      run.runFolder = event.runFolder;
      run.total = event.tasks.length;
    } else if (event.event === "task-start") {
      run.trace.mark("task-start-appended");
      run.shown.push(event);
    } else if (event.event === "task-end") {
      run.done++;
      run.shown.push(event);
      if (event.status === "failed") {
        run.failed ??= { task: event.task, message: event.error?.message ?? "failed" };
        this.problems.add(event, run.projectDir);
      }
    } else if (event.event === "run-end") {
      run.ended = true;
      // The toast and status bar say how the run ended as soon as it has, not the last task's line.
      run.shown.dispose();
      run.progress?.report({ increment: 100, message: `${event.status}: ${run.done}/${run.total} tasks` });
      this.showStatus(`${event.status === "succeeded" ? "$(pass)" : "$(error)"} Gluepy: ${run.title} ${event.status}`, "Finishing the run's record");
    }
    this.events.fire({ dag: run.dag, project: run.projectDir, event });
  }

  /** The toast and status bar after a frame's task events: one report however many tasks started or ended. */
  private showProgress(run: ShownRun, events: (TaskStartEvent | TaskEndEvent)[]): void {
    if (run.ended) return;
    const ends = events.filter((e) => e.event === "task-end").length;
    const last = events.at(-1)!;
    const message = last.event === "task-end" ? `${last.task} ${last.status}` : last.task;
    run.progress?.report({ increment: run.total ? (100 * ends) / run.total : 0, message });
    if (ends > 0) this.showStatus(`$(sync~spin) Gluepy: ${run.title} ${run.done}/${run.total}`, "Running; click to show the log");
  }

  /** A line that is no event: into the log; the last lines of stderr are kept to say why a run did not start. */
  private logText(run: ShownRun, line: string, stream: "stdout" | "stderr"): void {
    this.log.line(line);
    if (stream !== "stderr") return;
    run.stderrTail.push(line);
    if (run.stderrTail.length > 4) run.stderrTail.shift();
  }

  private showStarted(run: ShownRun, args: string[]): void {
    // Output arrives asynchronously, so this header still comes first in the log.
    this.problems.clear();
    this.log.line(`== gluepy ${args.slice(1).join(" ")}`);
    this.log.flush();
    if (revealsOutput(revealOutputSetting(), "start")) this.output.show(true);
    run.trace.mark("output-shown");
    this.showStatus(`$(sync~spin) Gluepy: ${run.title}`, "Running; click to show the log");
    void vscode.commands.executeCommand("setContext", "gluepy.running", true);
    run.trace.mark("status-shown");
  }

  /** The progress notification with Cancel, until the process exits. */
  private untilExit(run: ShownRun, proc: RuntimeProcess): Thenable<RunOutcome> {
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Gluepy: running ${run.title}`, cancellable: true },
      async (progress, token) => {
        run.progress = progress;
        token.onCancellationRequested(() => {
          this.log.line("== cancelling: the runtime saves the run's state and stops");
          proc.cancel();
        });
        const exit = await proc.exited;
        return { code: exit.code, runFolder: run.runFolder };
      },
    );
  }

  private showEnded(run: ShownRun, outcome: RunOutcome): void {
    run.shown.dispose();
    run.trace.mark("exited");
    this.trace.appendLine(run.trace.format(run.title));
    // A run that stopped before its run-end (bad usage, invalid DAG, crash) still closes its log section.
    if (!run.ended) this.log.line(`== Run did not finish: the runtime exited with code ${outcome.code}`);
    this.log.flush();
    void vscode.commands.executeCommand("setContext", "gluepy.running", false);
    this.report(run.title, outcome, run.failed, run.stderrTail);
    this.ended.fire(outcome);
  }

  cancel(): void {
    this.active?.cancel();
  }

  /** Stops a run that is still going (the editor is closing): no runtime process outlives the window. */
  async stop(): Promise<void> {
    await this.active?.kill();
  }

  private showOutput(): void {
    this.log.flush();
    this.output.show();
  }

  dispose(): void {
    void this.stop();
    this.log.dispose();
    this.status.dispose();
    this.events.dispose();
    this.ended.dispose();
  }

  private report(title: string, outcome: RunOutcome, failed: { task: string; message: string } | undefined, stderrTail: string[]): void {
    switch (outcome.code) {
      case EXIT_OK:
        this.showStatus(`$(pass) Gluepy: ${title}`, "Last run succeeded");
        return;
      case EXIT_CANCELLED:
        this.showStatus(`$(circle-slash) Gluepy: ${title}`, "Last run was cancelled");
        void vscode.window.showInformationMessage(`Gluepy: run of ${title} cancelled. Its state is saved: "Retry Failed Tasks" resumes it.`);
        return;
      case EXIT_TASK_FAILED: {
        this.showStatus(`$(error) Gluepy: ${title}`, "Last run failed");
        this.revealOnFailure();
        const why = failed ? `task "${failed.task}" failed: ${failed.message}` : "a task failed";
        void vscode.window.showErrorMessage(`Gluepy: ${title}: ${why}`, "Show Output").then((c) => c && this.showOutput());
        return;
      }
      default: {
        this.showStatus(`$(error) Gluepy: ${title}`, `The run did not start (exit ${outcome.code})`);
        this.revealOnFailure();
        const why = stderrTail.join(" ").trim() || `the runtime exited with code ${outcome.code}`;
        void vscode.window.showErrorMessage(`Gluepy: ${title} did not run: ${why}`, "Show Output").then((c) => c && this.showOutput());
      }
    }
  }

  private revealOnFailure(): void {
    if (revealsOutput(revealOutputSetting(), "failure")) this.output.show(true);
  }

  private showStatus(text: string, tooltip: string): void {
    this.status.text = text;
    this.status.tooltip = tooltip;
    this.status.show();
  }
}
