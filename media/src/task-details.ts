// The details pane beside the graph: what the selected task is, the DAGs using it, and what it did in the
// shown run (status, attempts, duration, its error with the stack's file frames as links, its last log lines,
// the files it wrote and read with their sizes, its metrics). Built with textContent only: labels, messages,
// log lines and paths are run data.

import { formatDuration } from "../../shared/duration";
import type { TaskNode } from "../../shared/dag-model";
import type { RunState } from "../../shared/run-state";
import type { TaskLog } from "../../shared/task-logs";
import { stackFrames } from "../../shared/stack-frames";
import type { WebviewToExtension } from "../../shared/webview-protocol";

type Post = (message: WebviewToExtension) => void;

/** Log lines shown in the pane; the rest open in an editor ("Show all"). */
export const LOG_LINES_SHOWN = 20;

/** What the pane shows besides the run state: the DAGs using the task (from the server) and its log. */
export interface TaskExtras {
  dagsUsing: string[];
  log?: TaskLog;
  /** Sections shown right after the facts (the run cache's: cache-details.ts). */
  sections?: HTMLElement[];
}

export function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, className?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

export function link(text: string, onClick: () => void): HTMLAnchorElement {
  const a = el("a", text);
  a.href = "#";
  a.addEventListener("click", (e) => {
    e.preventDefault();
    onClick();
  });
  return a;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) [v, u] = [v / 1024, u + 1];
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[u]}`;
}

export class TaskDetails {
  private shown?: string;

  constructor(
    private readonly pane: HTMLElement,
    private readonly post: Post,
  ) {}

  get task(): string | undefined {
    return this.shown;
  }

  close(): void {
    this.shown = undefined;
    this.pane.hidden = true;
    document.body.classList.remove("details-open");
  }

  /** Shows `node` of `dag` as the run state has it (called again when the state changes). */
  show(dag: string, node: TaskNode, state: RunState | undefined, extras: TaskExtras = { dagsUsing: [] }): void {
    this.shown = node.label;
    const t = state?.tasks[node.label];
    const parts: HTMLElement[] = [];
    const head = el("div", undefined, "details-head");
    head.append(el("h2", node.label), link("✕", () => this.close()));
    head.lastElementChild!.setAttribute("aria-label", "Close the details");
    head.lastElementChild!.className = "details-close";
    parts.push(head);
    const cls = el("div", undefined, "details-class");
    cls.append(link(node.className, () => this.post({ type: "open-task", dag, task: node.label })), el("span", ` in ${dag}${node.eval ? " (evaluation)" : ""}`));
    parts.push(cls);

    const facts = el("dl");
    const fact = (name: string, value: string, className?: string): void => {
      facts.append(el("dt", name), el("dd", value, className));
    };
    if (extras.dagsUsing.length > 0) fact("Used in", extras.dagsUsing.join(", "), "details-dags");
    fact("Status", t ? t.status : state ? "not in this run" : "no run yet", t ? `status-text status-${t.status}` : undefined);
    if (t && t.attempts > 0) fact("Attempts", String(t.attempts));
    if (t?.durationMs !== undefined) fact("Duration", formatDuration(t.durationMs));
    if (t?.startedAt) fact("Started", t.startedAt.replace("T", " ").replace(/\.\d+Z$/, "Z"));
    if (state) fact("Run", state.runFolder);
    parts.push(facts, ...(extras.sections ?? []));

    if (t?.error) {
      const error = el("section", undefined, "details-error");
      error.append(el("h3", "Error"), el("pre", t.error.message, "error-message"));
      const frames = el("ol", undefined, "stack");
      stackFrames(t.error.stack).forEach((f, i) => {
        const li = el("li");
        li.append(f.file ? link(f.text, () => this.post({ type: "open-frame", dag, task: node.label, frame: i })) : el("span", f.text));
        frames.append(li);
      });
      if (frames.childElementCount > 0) error.append(frames);
      parts.push(error);
    }

    const log = extras.log;
    if (log && log.total > 0) {
      const section = el("section", undefined, "details-log");
      section.append(el("h3", `Log (${log.total} line${log.total === 1 ? "" : "s"})`));
      const pre = el("pre", undefined, "log");
      for (const line of log.lines.slice(-LOG_LINES_SHOWN)) pre.append(el("span", `${line.text}\n`, line.stream === "stderr" ? "stderr" : undefined));
      section.append(pre);
      if (log.total > LOG_LINES_SHOWN) section.append(link(`Show all ${log.total} lines`, () => this.post({ type: "open-log", dag, task: node.label })));
      parts.push(section);
    }

    for (const list of ["outputs", "inputs"] as const) {
      const files = t?.[list] ?? [];
      if (files.length === 0) continue;
      const section = el("section", undefined, `details-${list}`);
      section.append(el("h3", list === "outputs" ? `Wrote (${files.length})` : `Read (${files.length})`));
      const ul = el("ul", undefined, "files");
      files.forEach((f, index) => {
        const li = el("li");
        li.append(link(f.root ? `${f.path} (storage root)` : f.path, () => this.post({ type: "open-file", dag, task: node.label, list, index })), el("span", ` ${formatBytes(f.bytes)}`, "size"));
        ul.append(li);
      });
      section.append(ul);
      parts.push(section);
    }

    const metrics = state?.metrics[node.label];
    if (metrics && Object.keys(metrics).length > 0) {
      const section = el("section", undefined, "details-metrics");
      const table = el("table");
      for (const [k, v] of Object.entries(metrics)) {
        const row = el("tr");
        row.append(el("th", k), el("td", String(v)));
        table.append(row);
      }
      section.append(el("h3", "Metrics"), table);
      parts.push(section);
    }
    this.pane.replaceChildren(...parts);
    this.pane.hidden = false;
    document.body.classList.add("details-open");
  }
}
