// The forecast model: for one store, sales ≈ intercept + trend·t + day-of-week effects + yearly sine and
// cosine, fitted by (ridge-regularised) least squares through the normal equations.

export interface ModelOptions {
  weekly: boolean;
  yearly: boolean;
  ridge: number;
}

export interface StoreModel {
  store: string;
  /** Day 0 of the trend (ISO date): the first day of the store's training history. */
  origin: string;
  options: ModelOptions;
  coefficients: number[];
}

const DAY_MS = 86_400_000;

function daysSince(origin: string, date: string): number {
  return (Date.parse(`${date}T00:00:00Z`) - Date.parse(`${origin}T00:00:00Z`)) / DAY_MS;
}

/** The regressors of one day. */
function features(origin: string, date: string, options: ModelOptions): number[] {
  const t = daysSince(origin, date);
  const years = t / 365.25;
  const row = [1, years];
  if (options.weekly) {
    const weekday = new Date(Date.parse(`${date}T00:00:00Z`)).getUTCDay();
    // Sunday is the baseline; one indicator per other weekday.
    for (let w = 1; w < 7; w++) row.push(weekday === w ? 1 : 0);
  }
  if (options.yearly) row.push(Math.sin(2 * Math.PI * years), Math.cos(2 * Math.PI * years));
  return row;
}

export function fitStore(store: string, dates: readonly string[], sales: readonly number[], options: ModelOptions): StoreModel {
  if (dates.length === 0) throw new Error(`No training rows for store '${store}'.`);
  const origin = [...dates].sort()[0];
  const rows = dates.map((d) => features(origin, d, options));
  const k = rows[0].length;
  const xtx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  rows.forEach((row, i) => {
    for (let a = 0; a < k; a++) {
      xty[a] += row[a] * sales[i];
      for (let b = 0; b < k; b++) xtx[a][b] += row[a] * row[b];
    }
  });
  // The intercept is not penalised.
  for (let a = 1; a < k; a++) xtx[a][a] += options.ridge * rows.length;
  return { store, origin, options, coefficients: solve(xtx, xty) };
}

export function predict(model: StoreModel, date: string): number {
  const row = features(model.origin, date, model.options);
  return Math.max(0, row.reduce((sum, x, i) => sum + x * model.coefficients[i], 0));
}

/** Gaussian elimination with partial pivoting. */
function solve(matrix: number[][], rhs: number[]): number[] {
  const n = rhs.length;
  const a = matrix.map((row, i) => [...row, rhs[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs(a[r][col]) > Math.abs(a[pivot][col])) pivot = r;
    if (Math.abs(a[pivot][col]) < 1e-12) throw new Error("The model's normal equations are singular: too few distinct training days.");
    [a[col], a[pivot]] = [a[pivot], a[col]];
    for (let r = col + 1; r < n; r++) {
      const f = a[r][col] / a[col][col];
      for (let c = col; c <= n; c++) a[r][c] -= f * a[col][c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = a[r][n];
    for (let c = r + 1; c < n; c++) s -= a[r][c] * x[c];
    x[r] = s / a[r][r];
  }
  return x;
}

/** Mean absolute error, root mean squared error and mean absolute percentage error (in %). */
export function errorMetrics(actual: readonly number[], predicted: readonly number[]): { mae: number; rmse: number; mape: number } {
  const n = actual.length;
  if (n === 0 || n !== predicted.length) throw new Error(`Cannot score ${predicted.length} predictions against ${n} actual values.`);
  let abs = 0;
  let sq = 0;
  let pct = 0;
  let pctCount = 0;
  for (let i = 0; i < n; i++) {
    const e = actual[i] - predicted[i];
    abs += Math.abs(e);
    sq += e * e;
    if (actual[i] !== 0) {
      pct += Math.abs(e / actual[i]);
      pctCount++;
    }
  }
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  return { mae: round(abs / n), rmse: round(Math.sqrt(sq / n)), mape: round((100 * pct) / Math.max(1, pctCount)) };
}
