// How long something took, in the one style the CLI, the run log, the Runs view and the graph all print:
// "850ms", "12.3s", "2m05s", "1h02m05s". Rounded once, so 119,600 ms is "2m00s", never "1m60s".

export function formatDuration(ms: number): string {
  const wholeMs = Math.max(0, Math.round(ms));
  if (wholeMs < 1000) return `${wholeMs}ms`;
  const tenths = Math.round(wholeMs / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)}s`;
  const seconds = Math.round(wholeMs / 1000);
  const s = String(seconds % 60).padStart(2, "0");
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${s}s`;
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, "0")}m${s}s`;
}
