// What picking runs compares: each metric's value in every picked run with its change from the first
// picked (the baseline), and the params that differ between the picked runs. Pure.

import type { ParamValue, RunSummary } from "../../../shared/run-summary";
import { differingParams } from "./columns";

export interface MetricComparison {
  metric: string;
  /** One per picked run, in the order picked; the first is the baseline (no delta). */
  values: { value?: number; delta?: number; /** delta / |baseline|, when the baseline is not 0. */ relative?: number }[];
}

export function metricDeltas(picked: readonly RunSummary[]): MetricComparison[] {
  const metrics = new Set<string>();
  for (const run of picked) for (const key of Object.keys(run.metrics)) metrics.add(key);
  const base = picked[0];
  return [...metrics].sort().map((metric) => {
    const baseline = base?.metrics[metric];
    return {
      metric,
      values: picked.map((run, i) => {
        const value = run.metrics[metric];
        if (value === undefined) return {};
        if (i === 0 || baseline === undefined) return { value };
        const delta = value - baseline;
        return { value, delta, ...(baseline !== 0 ? { relative: delta / Math.abs(baseline) } : {}) };
      }),
    };
  });
}

export interface ParamDifference {
  key: string;
  /** One per picked run, in the order picked; undefined: the run has no such param. */
  values: (ParamValue | undefined)[];
}

export function paramDiff(picked: readonly RunSummary[]): ParamDifference[] {
  return differingParams(picked.map((r) => r.params)).map((key) => ({ key, values: picked.map((r) => r.params[key]) }));
}

/** `+0.05 (+12.5%)`, `−3`, `±0`: a change as the comparison shows it. */
export function deltaText(delta: number, relative?: number): string {
  const sign = delta > 0 ? "+" : delta < 0 ? "−" : "±";
  const abs = Math.abs(delta);
  const number = Number.isInteger(abs) ? String(abs) : String(Number(abs.toPrecision(4)));
  const percent = relative !== undefined && delta !== 0 ? ` (${sign}${Number((Math.abs(relative) * 100).toPrecision(3))}%)` : "";
  return `${sign}${number}${percent}`;
}
