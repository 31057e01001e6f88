// One Chart.js line chart per metric across the picked runs (x: the runs in the order picked, y: the
// metric), in the theme's chart colours, with an HTML tooltip (run, value, change from the first picked).
// Only the parts of Chart.js a line chart needs are registered, so the bundle carries no more.

import { CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement, Tooltip, type TooltipModel } from "chart.js";
import type { ExperimentRun } from "../../../shared/experiments-protocol";
import { formatNumber } from "./columns";
import { deltaText, type MetricComparison } from "./comparison";

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip);

/** A VS Code theme colour (the webview sets them as CSS variables on <html>), with the default dark theme's as fallback. */
function themeColour(name: string, fallback: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
}

export class MetricPlots {
  private charts: Chart[] = [];

  constructor(private readonly host: HTMLElement) {}

  draw(picked: readonly ExperimentRun[], comparisons: readonly MetricComparison[]): void {
    this.clear();
    const line = themeColour("--vscode-charts-blue", "#3794ff");
    const text = themeColour("--vscode-charts-foreground", "#cccccc");
    const grid = themeColour("--vscode-charts-lines", "rgba(128,128,128,0.35)");
    const labels = picked.map((r) => r.run.runId);
    for (const comparison of comparisons) {
      const figure = document.createElement("figure");
      figure.className = "plot";
      figure.dataset.metric = comparison.metric;
      const caption = document.createElement("figcaption");
      caption.textContent = comparison.metric;
      const box = document.createElement("div");
      box.className = "plot-canvas";
      const canvas = document.createElement("canvas");
      canvas.setAttribute("role", "img");
      canvas.setAttribute("aria-label", `${comparison.metric} across the picked runs`);
      const tip = document.createElement("div");
      tip.className = "plot-tooltip";
      tip.hidden = true;
      box.append(canvas, tip);
      figure.append(caption, box);
      this.host.append(figure);
      this.charts.push(
        new Chart(canvas, {
          type: "line",
          data: {
            labels,
            datasets: [
              {
                label: comparison.metric,
                data: comparison.values.map((v) => v.value ?? null),
                borderColor: line,
                backgroundColor: line,
                pointRadius: 4,
                pointHoverRadius: 6,
                spanGaps: true,
              },
            ],
          },
          options: {
            animation: false,
            responsive: true,
            maintainAspectRatio: false,
            interaction: { mode: "index", intersect: false },
            scales: {
              x: { ticks: { color: text, maxRotation: 0, autoSkip: true }, grid: { color: grid } },
              y: { ticks: { color: text }, grid: { color: grid } },
            },
            plugins: { tooltip: { enabled: false, external: ({ tooltip }) => showTooltip(tip, tooltip, picked, comparison) } },
          },
        }),
      );
    }
  }

  clear(): void {
    for (const chart of this.charts.splice(0)) chart.destroy();
    this.host.replaceChildren();
  }
}

/** The tooltip as page HTML (theme colours from the stylesheet), beside the hovered point. */
function showTooltip(tip: HTMLElement, model: TooltipModel<"line">, picked: readonly ExperimentRun[], comparison: MetricComparison): void {
  const index = model.dataPoints?.[0]?.dataIndex;
  if (model.opacity === 0 || index === undefined) {
    tip.hidden = true;
    return;
  }
  const row = picked[index];
  const at = comparison.values[index];
  if (!row || !at) return;
  const lines = [
    `${row.run.dag ?? "?"} · ${row.run.runId}`,
    `${comparison.metric}: ${at.value === undefined ? "no value" : formatNumber(at.value)}`,
    index === 0 ? "baseline (first picked)" : at.delta !== undefined ? `vs first: ${deltaText(at.delta, at.relative)}` : "",
  ].filter(Boolean);
  tip.replaceChildren(...lines.map((l) => Object.assign(document.createElement("div"), { textContent: l })));
  tip.hidden = false;
  // Right of the point in the plot's left half, left of it in the right half: it stays inside the plot.
  const leftHalf = model.caretX < model.chart.width / 2;
  tip.style.left = `${Math.round(leftHalf ? model.caretX + 8 : model.caretX - tip.offsetWidth - 8)}px`;
  tip.style.top = `${Math.round(Math.min(model.caretY + 8, model.chart.height - tip.offsetHeight))}px`;
}
