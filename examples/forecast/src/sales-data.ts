// Synthetic but realistic daily sales: per store a level, growth, a weekly pattern, a yearly cycle and
// noise, from a seeded generator so every run of DataTask creates exactly the same history.

export interface SalesHistory {
  store: string[];
  date: string[];
  sales: number[];
}

/** mulberry32: a small, fast, seedable PRNG (uniform in [0, 1)). */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal noise by Box-Muller. */
function normal(random: () => number): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

// Sunday..Saturday multipliers: weekends sell more.
const WEEKLY = [1.35, 0.85, 0.9, 0.92, 0.98, 1.1, 1.45];

export function generateSales(stores: readonly string[], startDate: string, days: number, seed: number): SalesHistory {
  const random = seededRandom(seed);
  const start = Date.parse(`${startDate}T00:00:00Z`);
  const out: SalesHistory = { store: [], date: [], sales: [] };
  stores.forEach((store, s) => {
    const level = 120 + 60 * s + 40 * random();
    const growth = 0.1 + 0.15 * random(); // per year
    const yearly = 0.12 + 0.1 * random();
    for (let d = 0; d < days; d++) {
      const day = new Date(start + d * 86_400_000);
      const years = d / 365.25;
      const mean = level * (1 + growth * years) * WEEKLY[day.getUTCDay()] * (1 + yearly * Math.sin(2 * Math.PI * years));
      out.store.push(store);
      out.date.push(day.toISOString().slice(0, 10));
      out.sales.push(Math.max(0, Math.round(mean + normal(random) * 0.06 * mean)));
    }
  });
  return out;
}
