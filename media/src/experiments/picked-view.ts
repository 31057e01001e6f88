// Below the table, what the picked runs tell: one run → its actions (show in the graph, Retry Failed, Run
// from here); two or more → each metric's change from the first picked, the params that differ, and a plot
// of each metric across them.

import type { ExperimentRun, ExperimentsToExtension } from "../../../shared/experiments-protocol";
import { formatNumber, paramText } from "./columns";
import { deltaText, metricDeltas, paramDiff } from "./comparison";
import { MetricPlots } from "./plots";

/** An element with these properties (textContent, className, ...) and children. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, unknown> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = Object.assign(document.createElement(tag), props);
  e.append(...children);
  return e;
}

export class PickedView {
  private readonly plots: MetricPlots;
  private readonly content = el("div");
  private readonly plotHost = el("div", { className: "plots" });

  constructor(private readonly host: HTMLElement, private readonly post: (m: ExperimentsToExtension) => void) {
    this.plots = new MetricPlots(this.plotHost);
    host.append(this.content, this.plotHost);
  }

  draw(picked: readonly ExperimentRun[]): void {
    this.host.hidden = picked.length === 0;
    // A class, not body:has(#picked…): :has() is re-matched on every change in the page (thousands of cells).
    document.body.classList.toggle("has-picked", picked.length > 0);
    this.plots.clear();
    if (picked.length === 0) return this.content.replaceChildren();
    if (picked.length === 1) return this.content.replaceChildren(this.oneRun(picked[0]!));
    const runs = picked.map((p) => p.run);
    const comparisons = metricDeltas(runs);
    const header = el("tr", {}, el("th", { textContent: "" }), ...picked.map((p, i) => el("th", { textContent: p.run.runId, title: i === 0 ? "baseline" : p.run.runFolder })));
    const metricRows = comparisons.map((c) =>
      el(
        "tr",
        { className: "metric-row" },
        el("th", { textContent: c.metric }),
        ...c.values.map((v, i) =>
          el(
            "td",
            {},
            v.value === undefined ? "—" : formatNumber(v.value),
            ...(i > 0 && v.delta !== undefined ? [el("span", { className: `delta ${v.delta > 0 ? "up" : v.delta < 0 ? "down" : "same"}`, textContent: ` ${deltaText(v.delta, v.relative)}` })] : []),
          ),
        ),
      ),
    );
    const diff = paramDiff(runs);
    const paramRows = diff.map((d) => el("tr", { className: "param-row" }, el("th", { textContent: d.key }), ...d.values.map((v) => el("td", { textContent: v === undefined ? "—" : paramText(v) }))));
    this.content.replaceChildren(
      el("h2", { textContent: `${picked.length} runs picked: changes from the first picked (${picked[0]!.run.runId})` }),
      el("h3", { textContent: "Metrics" }),
      comparisons.length ? el("table", { className: "compare metrics" }, el("thead", {}, header), el("tbody", {}, ...metricRows)) : el("p", { textContent: "None of these runs recorded a metric." }),
      el("h3", { textContent: "Params that differ" }),
      diff.length ? el("table", { className: "compare params" }, el("thead", {}, header.cloneNode(true)), el("tbody", {}, ...paramRows)) : el("p", { textContent: "These runs had the same params." }),
    );
    this.plots.draw(picked, comparisons);
  }

  private oneRun(row: ExperimentRun): HTMLElement {
    const { run } = row;
    const tasks = Object.keys(run.tasks);
    const firstFailed = tasks.find((t) => run.tasks[t] === "failed") ?? tasks[0];
    const select = el("select", { id: "from-task", title: "Rerun this task and what follows it, in this run's folder" }, ...tasks.map((t) => el("option", { value: t, textContent: `${t} (${run.tasks[t]})`, selected: t === firstFailed })));
    const button = (id: string, text: string, title: string, message: () => ExperimentsToExtension, enabled = true) => {
      const b = el("button", { id, type: "button", textContent: text, title, disabled: !enabled });
      b.addEventListener("click", () => this.post(message()));
      return b;
    };
    const retryable = run.dag !== undefined && run.status !== "succeeded" && run.status !== "running";
    return el(
      "div",
      { className: "one-run" },
      el("h2", { textContent: `${run.dag ?? "?"} · ${run.runId} · ${run.status}` }),
      el(
        "div",
        { className: "actions" },
        button("show-run", "Show in graph", "Show this run's statuses, durations and errors in the DAG's graph", () => ({ type: "show-run", key: row.key }), run.dag !== undefined),
        button("retry-failed", "Retry Failed", "Run the failed tasks of this run again (and what depends on them)", () => ({ type: "retry-failed", key: row.key }), retryable),
        button("run-from", "Run from here", "Rerun the chosen task and everything after it in this run", () => ({ type: "run-from", key: row.key, task: select.value }), run.dag !== undefined && tasks.length > 0),
        select,
      ),
      el("p", { className: "hint", textContent: "Pick a second run to compare metrics and params." }),
    );
  }
}
