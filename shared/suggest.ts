// "Did you mean ...?" for labels typed by hand on the command line.

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}

/** Candidates close to `wanted`, closest first; at most `max`. */
export function closestMatches(wanted: string, candidates: Iterable<string>, max = 3): string[] {
  const w = wanted.toLowerCase();
  const limit = Math.max(2, Math.floor(w.length / 3));
  return [...new Set(candidates)]
    .map((c) => ({ c, d: c.toLowerCase().includes(w) ? 1 : editDistance(w, c.toLowerCase()) }))
    .filter((x) => x.d <= limit)
    .sort((x, y) => x.d - y.d || x.c.localeCompare(y.c))
    .slice(0, max)
    .map((x) => x.c);
}

/** " Did you mean 'a' or 'b'?" or "" when nothing is close. */
export function didYouMean(wanted: string, candidates: Iterable<string>): string {
  const m = closestMatches(wanted, candidates);
  if (m.length === 0) return "";
  const quoted = m.map((x) => `'${x}'`);
  return ` Did you mean ${quoted.length === 1 ? quoted[0] : quoted.slice(0, -1).join(", ") + " or " + quoted[quoted.length - 1]}?`;
}
