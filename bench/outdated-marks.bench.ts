// Outdated marks while you type (issue 13) at workspace scale: on the generated 10,000-file project (1,000
// DAGs, 8,000 tasks), every DAG with a last run's fingerprints (each task's module and the helper it
// imports), an unsaved edit to the task file five DAGs share. Per edit: the time until the edit's
// diagnostics are published, and until the client holds the five DAGs' graphs with the task marked
// outdated (or, after the undo, unmarked): gluepy/indexChanged, then gluepy/graph. Figures: the p95 beyond
// the diagnostics (goal ≤ 50 ms) of the server's gluepy/indexChanged for the DAGs (the marking) and of the
// marked graphs in hand, against the floor measured on the same server in the same run: the same edits with
// no fingerprints listed (the index's own gluepy/indexChanged, the graphs asked again, nothing to mark).
// `npm run bench -- outdated-marks` (or `npx tsx bench/outdated-marks.bench.ts`).

import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { CODE_HASH } from "../shared/code-fingerprint";
import { DagGraphRequest, IndexChangedNotification, RunsListedNotification, type DagFingerprints, type ServedDagGraph } from "../shared/protocol";
import type { RunSummary } from "../shared/run-summary";
import { generateWorkspace, ISSUE_SHAPE, type GeneratedWorkspace } from "../server/test/support/generated-workspace";
import { LspSession } from "../server/test/support/lsp-session";
import { median, percentile, report } from "./lib/measure";

const EDITS = 40;
const WARMUP_EDITS = 6;

/** Each DAG's last run as the client would list it, with every task's code: its module and the helper it imports. */
function lastRuns(ws: GeneratedWorkspace): { runs: RunSummary[]; fingerprints: DagFingerprints[] } {
  const hash = (rel: string) => createHash(CODE_HASH.algorithm).update(readFileSync(join(ws.root, rel))).digest(CODE_HASH.encoding);
  const hashes = new Map<string, string>();
  const hashOf = (rel: string) => hashes.get(rel) ?? hashes.set(rel, hash(rel)).get(rel)!;
  const runs: RunSummary[] = [];
  const fingerprints: DagFingerprints[] = [];
  for (let j = 0; j < ISSUE_SHAPE.dags; j++) {
    const runId = `r${j}`;
    const runFolder = `runs/2026/12/04/${runId}`;
    // The generator's layout: DAG j runs its own tasks, and the first task of its group of five.
    const own = Array.from({ length: ISSUE_SHAPE.tasksPerDag }, (_, n) => j * ISSUE_SHAPE.tasksPerDag + n);
    const groupStart = j - (j % ISSUE_SHAPE.shareGroup);
    const tasks = j === groupStart ? own : [groupStart * ISSUE_SHAPE.tasksPerDag, ...own];
    const code: DagFingerprints["tasks"] = {};
    for (const i of tasks) {
      const taskFile = `src/tasks/task-${i}.ts`;
      const helperFile = `src/helpers/helper-${i % ISSUE_SHAPE.helpers}.ts`;
      code[`task_${i}`] = { [helperFile]: hashOf(helperFile), [taskFile]: hashOf(taskFile) };
    }
    runs.push({ runId, runFolder, dag: `dag_${j}`, status: "succeeded", startedAt: "2026-12-04T10:00:00Z", tasks: {}, metrics: {}, params: {}, fingerprinted: true });
    fingerprints.push({ dag: `dag_${j}`, runId, runFolder, tasks: code });
  }
  return { runs, fingerprints };
}

/** Spawn → every DAG file has its diagnostics published. */
async function indexedServer(ws: GeneratedWorkspace): Promise<LspSession> {
  const lsp = await LspSession.start(ws.root);
  const uris = ws.dagFiles.map((rel) => lsp.uri(rel));
  await lsp.waitFor(() => (uris.every((u) => lsp.diagnostics.has(u)) ? true : undefined), 300_000, () => "diagnostics of every DAG file");
  return lsp;
}

interface EditTimes {
  diagnostics: number[];
  marked: number[];
  /** gluepy/indexChanged naming the DAGs, minus diagnostics, per edit. */
  notifiedExtra: number[];
  /** Graphs in hand minus diagnostics, per edit. */
  extra: number[];
}

/**
 * Alternately edits the shared task file and undoes it. The edit adds a second class with the task's label,
 * so it has diagnostics of its own (a duplicate label, cleared by the undo: the server publishes only
 * diagnostics that change) while the task stays in its DAGs. Each edit waits for those diagnostics, and for a
 * gluepy/indexChanged naming the five DAGs, then their graphs, whose shared task must be marked as
 * `expectMarks` says.
 */
async function editTimes(lsp: LspSession, ws: GeneratedWorkspace, expectMarks: boolean): Promise<EditTimes> {
  const { taskFile, dagFiles } = ws.shared;
  const dags = dagFiles.map((_, j) => `dag_${j}`);
  const original = lsp.text(taskFile);
  const edited = `${original}export class Task0Again extends Task {\n  static label = "task_0";\n  async run() {}\n}\n`;
  const times: EditTimes = { diagnostics: [], marked: [], notifiedExtra: [], extra: [] };
  for (let i = 0; i < WARMUP_EDITS + EDITS; i++) {
    const isEdit = i % 2 === 0;
    const mark = lsp.mark;
    const start = performance.now();
    await lsp.change(taskFile, isEdit ? edited : original);
    const diagnosed = lsp.waitForDiagnostics(taskFile, (d) => (d.length > 0) === isEdit, { after: mark, timeoutMs: 10_000 }).then(() => performance.now());
    let notified = 0;
    const marked = (async () => {
      await lsp.waitForNotification(IndexChangedNotification, (p) => dags.every((d) => p.dags.includes(d)), { after: mark, timeoutMs: 10_000 });
      notified = performance.now();
      const graphs = (await Promise.all(dags.map((label) => lsp.request(DagGraphRequest, { label, project: ws.root })))) as ServedDagGraph[];
      for (const g of graphs) {
        const outdated = g.nodes.some((n) => n.label === "task_0" && n.outdated !== undefined);
        if (outdated !== (expectMarks && isEdit)) throw new Error(`${g.dag}: task_0 ${outdated ? "marked" : "not marked"} after ${isEdit ? "the edit" : "the undo"}`);
      }
      return performance.now();
    })();
    const [d, m] = await Promise.all([diagnosed, marked]);
    if (i < WARMUP_EDITS) continue;
    times.diagnostics.push(d - start);
    times.marked.push(m - start);
    times.notifiedExtra.push(notified - d);
    times.extra.push(m - d);
  }
  return times;
}

async function main() {
  const root = mkdtempSync(join(tmpdir(), "gluepy-bench-outdated-"));
  try {
    const ws = generateWorkspace(root);
    console.log(`outdated-marks: ${ws.allFiles.length} files (${ws.dagFiles.length} DAGs, ${ws.taskFiles.length} tasks)`);
    const lsp = await indexedServer(ws);
    try {
      await lsp.open(ws.shared.taskFile);
      const { runs, fingerprints } = lastRuns(ws);
      // Floor first (nothing listed), then with every DAG's fingerprints, then the floor again: a machine
      // that grows busier meanwhile weighs on both sides.
      const floorA = await editTimes(lsp, ws, false);
      let after = lsp.mark;
      await lsp.connection.sendNotification(RunsListedNotification, { project: root, runs, fingerprints });
      await lsp.waitForNotification(IndexChangedNotification, (p) => p.dags.includes("dag_0"), { after, timeoutMs: 30_000 });
      const withMarks = await editTimes(lsp, ws, true);
      after = lsp.mark;
      await lsp.connection.sendNotification(RunsListedNotification, { project: root, runs, fingerprints: [] });
      await lsp.waitForNotification(IndexChangedNotification, (p) => p.dags.includes("dag_0"), { after, timeoutMs: 30_000 });
      const floorB = await editTimes(lsp, ws, false);
      const floorExtra = [...floorA.extra, ...floorB.extra];
      report("outdated-marks", [
        { name: "edit → its diagnostics, p50 (with fingerprints)", value: median(withMarks.diagnostics), unit: "ms" },
        { name: "edit → their 5 graphs with the task marked outdated (or unmarked after the undo), p50", value: median(withMarks.marked), unit: "ms" },
        { name: "marking: gluepy/indexChanged for the 5 DAGs beyond the diagnostics, p95 (fingerprints of all 1,000 DAGs)", value: percentile(withMarks.notifiedExtra, 95), unit: "ms", limit: 50 },
        { name: "floor: the index's own gluepy/indexChanged beyond the diagnostics with no fingerprints, p95", value: percentile([...floorA.notifiedExtra, ...floorB.notifiedExtra], 95), unit: "ms" },
        { name: "marked graphs in hand beyond the diagnostics, p95", value: percentile(withMarks.extra, 95), unit: "ms", limit: 50 },
        { name: "floor: the same graphs in hand beyond the diagnostics with no fingerprints, p95", value: percentile(floorExtra, 95), unit: "ms" },
        { name: "marked graphs beyond diagnostics p95 minus the floor's (what the marks add to the graph answer)", value: percentile(withMarks.extra, 95) - percentile(floorExtra, 95), unit: "ms", limit: 50 },
        { name: "edit → marked graphs p50 / edit → graphs with no fingerprints p50", value: median(withMarks.marked) / median([...floorA.marked, ...floorB.marked]), unit: "x" },
        { name: "machine load average (1 min) at the end", value: loadavg()[0]!, unit: "" },
      ]);
    } finally {
      await lsp.close();
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
