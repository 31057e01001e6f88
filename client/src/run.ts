// One run of a DAG as the user sees it: progress notification with Cancel, status bar, the coloured log in
// the Output channel, failed tasks in the Problems panel, and the events passed on to whoever listens
// (the graph panel, the runs view). One run at a time.

import * as vscode from "vscode";
import type { RunEvent } from "../../shared/events";
import { EXIT_CANCELLED, EXIT_OK, EXIT_TASK_FAILED } from "../../shared/exit-codes";
import { dagRunArgs, describeRun, type DagRunRequest } from "./cli-command-lines";
import { readConfig } from "./config";
import { formatRunEvent } from "./log-format";
import { RunProblems } from "./failed-task-diagnostics";
import { cliInvocation, RuntimeProcess } from "./run-process";
import { RunTrace } from "./run-trace";

export interface RunEventNotice {
  dag: string;
  event: RunEvent;
}

export interface RunOutcome {
  /** CLI exit code (DESIGN §3), 130 when cancelled. */
  code: number;
  runFolder: string | undefined;
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

  constructor(
    private readonly cliPath: string,
    private readonly output: vscode.OutputChannel,
    private readonly problems: RunProblems,
    /** One timing line per run (see run-trace.ts). */
    private readonly trace: vscode.OutputChannel,
  ) {
    this.status = vscode.window.createStatusBarItem("gluepy.run", vscode.StatusBarAlignment.Left, 10);
    this.status.name = "Gluepy Run";
    this.status.command = "gluepy.showOutput";
  }

  get running(): boolean {
    return this.active !== undefined;
  }

  async run(projectDir: string, request: DagRunRequest, trace = new RunTrace()): Promise<RunOutcome | undefined> {
    if (this.active) {
      void vscode.window.showWarningMessage(`Gluepy: a run is already going. Cancel it first ("Gluepy: Cancel Run"), then start the next.`);
      return undefined;
    }
    const config = readConfig(vscode.Uri.file(projectDir));
    const invocation = cliInvocation(this.cliPath, dagRunArgs(projectDir, request, config), config.nodePath);
    trace.mark("args");
    const title = describeRun(request);
    const stderrTail: string[] = [];
    let runFolder: string | undefined;
    let done = 0;
    let total = 0;
    let failed: { task: string; message: string } | undefined;
    let ended = false;

    // The process starts first: the editor's own UI work below overlaps the runtime's start-up.
    let progress: vscode.Progress<{ message?: string; increment?: number }> | undefined;
    const proc = new RuntimeProcess(invocation, projectDir, {
      onFirstOutput: () => trace.mark("first-byte"),
      onEvent: (event) => {
        for (const line of formatRunEvent(event)) this.output.appendLine(line);
        if (event.event === "run-start") {
          trace.mark("run-start");
          runFolder = event.runFolder;
          total = event.tasks.length;
        } else if (event.event === "task-start") {
          trace.mark("task-start-appended");
          progress?.report({ message: event.task });
        } else if (event.event === "task-end") {
          done++;
          progress?.report({ increment: total ? 100 / total : 0, message: `${event.task} ${event.status}` });
          this.showStatus(`$(sync~spin) Gluepy: ${title} ${done}/${total}`, "Running; click to show the log");
          if (event.status === "failed") {
            failed ??= { task: event.task, message: event.error?.message ?? "failed" };
            this.problems.add(event, projectDir);
          }
        } else if (event.event === "run-end") {
          ended = true;
        }
        this.events.fire({ dag: request.dag, event });
      },
      onText: (line, stream) => {
        this.output.appendLine(line);
        if (stream !== "stderr") return;
        stderrTail.push(line);
        if (stderrTail.length > 4) stderrTail.shift();
      },
    });
    this.active = proc;
    trace.mark("spawned");
    // Output arrives asynchronously, so this header still comes first in the log.
    this.problems.clear();
    this.output.appendLine(`== gluepy ${invocation.args.slice(1).join(" ")}`);
    this.output.show(true);
    trace.mark("output-shown");
    this.showStatus(`$(sync~spin) Gluepy: ${title}`, "Running; click to show the log");
    void vscode.commands.executeCommand("setContext", "gluepy.running", true);
    trace.mark("status-shown");

    const outcome = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Gluepy: running ${title}`, cancellable: true },
      async (p, token) => {
        progress = p;
        token.onCancellationRequested(() => {
          this.output.appendLine("== cancelling: the runtime saves the run's state and stops");
          proc.cancel();
        });
        const exit = await proc.exited;
        return { code: exit.code, runFolder };
      },
    );

    this.active = undefined;
    trace.mark("exited");
    this.trace.appendLine(trace.format(title));
    // A run that stopped before its run-end (bad usage, invalid DAG, crash) still closes its log section.
    if (!ended) this.output.appendLine(`== Run did not finish: the runtime exited with code ${outcome.code}`);
    void vscode.commands.executeCommand("setContext", "gluepy.running", false);
    this.report(title, outcome, failed, stderrTail);
    this.ended.fire(outcome);
    return outcome;
  }

  cancel(): void {
    this.active?.cancel();
  }

  /** Stops a run that is still going (the editor is closing): no runtime process outlives the window. */
  async stop(): Promise<void> {
    await this.active?.kill();
  }

  dispose(): void {
    void this.stop();
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
        const why = failed ? `task "${failed.task}" failed: ${failed.message}` : "a task failed";
        void vscode.window.showErrorMessage(`Gluepy: ${title}: ${why}`, "Show Output").then((c) => c && this.output.show());
        return;
      }
      default: {
        this.showStatus(`$(error) Gluepy: ${title}`, `The run did not start (exit ${outcome.code})`);
        const why = stderrTail.join(" ").trim() || `the runtime exited with code ${outcome.code}`;
        void vscode.window.showErrorMessage(`Gluepy: ${title} did not run: ${why}`, "Show Output").then((c) => c && this.output.show());
      }
    }
  }

  private showStatus(text: string, tooltip: string): void {
    this.status.text = text;
    this.status.tooltip = tooltip;
    this.status.show();
  }
}
