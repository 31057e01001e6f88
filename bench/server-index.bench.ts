// Language server at workspace scale (issues 3, 10, 15): on a generated project of 10,000 files (1,000 DAGs,
// 8,000 tasks, each class declared on its own), the cold index against the parse floor measured in this same
// run, how fast requests are answered while that cold index runs (against the same request on the indexed
// server), the latency of an edit that five DAGs depend on, and the server's peak memory.
// `npm run bench -- server-index` (or `npx tsx bench/server-index.bench.ts`).

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import ts from "typescript";
import { loadavg } from "node:os";
import { answersDuringIndex, type AnswersDuringIndex, symbolsOf } from "./lib/answers-during-index";
import { median, percentile, report, timeMs } from "./lib/measure";
import { generateWorkspace, type GeneratedWorkspace } from "../server/test/support/generated-workspace";
import { LspSession } from "../server/test/support/lsp-session";

const COLD_RUNS = 5;
const ANSWER_RUNS = 3;
const IDLE_ANSWERS = 20;
const EDITS = 60;
const WARMUP_EDITS = 6;

/** The floor: read and parse every file once, in one process, with nothing else. */
function parseAll(ws: GeneratedWorkspace): number {
  let statements = 0;
  for (const rel of ws.allFiles) {
    const path = join(ws.root, rel);
    const sf = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    statements += sf.statements.length;
  }
  return statements;
}

/** CPU time (user + system, all threads) a live process has used so far, in ms. */
function processCpuMs(pid: number): number {
  // Fields after the command name: utime and stime are the 12th and 13th, in clock ticks (100 per second).
  const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU ms of `fn` in this process: unlike wall time, barely moved by other work on a shared machine. */
function cpuMs(fn: () => unknown): number {
  const start = process.cpuUsage();
  fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** Spawn → initialize → every DAG file has its diagnostics published. Returns the session, wall and CPU time. */
async function coldIndex(ws: GeneratedWorkspace): Promise<{ lsp: LspSession; ms: number; cpu: number }> {
  const start = performance.now();
  const lsp = await LspSession.start(ws.root);
  const uris = ws.dagFiles.map((rel) => lsp.uri(rel));
  await lsp.waitFor(() => (uris.every((u) => lsp.diagnostics.has(u)) ? true : undefined), 120_000, () => {
    const missing = uris.filter((u) => !lsp.diagnostics.has(u));
    return `diagnostics of all ${uris.length} DAG files (${missing.length} missing, e.g. ${missing[0]})`;
  });
  const ms = performance.now() - start;
  const cpu = processCpuMs(lsp.child.pid!);
  const red = uris.filter((u) => lsp.diagnostics.get(u)!.at(-1)!.diagnostics.length > 0);
  if (red.length > 0) throw new Error(`the generated DAGs must be clean; ${red.length} are not, e.g. ${red[0]}: ${JSON.stringify(lsp.diagnostics.get(red[0]!)!.at(-1))}`);
  return { lsp, ms, cpu };
}

/** Alternately renames and restores the shared task class; each edit waits for all five DAGs' new diagnostics. */
async function editLatencies(lsp: LspSession, ws: GeneratedWorkspace): Promise<number[]> {
  const { taskFile, className, dagFiles } = ws.shared;
  await lsp.open(taskFile);
  const original = lsp.text(taskFile);
  const renamed = original.replace(`class ${className} `, `class ${className}Renamed `);
  const times: number[] = [];
  for (let i = 0; i < WARMUP_EDITS + EDITS; i++) {
    const broken = i % 2 === 0;
    const mark = lsp.mark;
    const start = performance.now();
    await lsp.change(taskFile, broken ? renamed : original);
    await Promise.all(dagFiles.map((rel) => lsp.waitForDiagnostics(rel, (d) => (d.length > 0) === broken, { after: mark, timeoutMs: 10_000 })));
    if (i >= WARMUP_EDITS) times.push(performance.now() - start);
  }
  return times;
}

/** The probe request on the indexed server: the floor for answers during the cold index. */
async function idleAnswerMs(lsp: LspSession, rel: string): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < IDLE_ANSWERS; i++) {
    const sent = performance.now();
    await symbolsOf(lsp, rel);
    times.push(performance.now() - sent);
  }
  return median(times);
}

/** VmHWM: the peak resident set of a live process, in MB. */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1]);
  if (!kb) throw new Error(`no VmHWM in /proc/${pid}/status`);
  return kb / 1024;
}

async function main() {
  const root = mkdtempSync(join(tmpdir(), "gluepy-bench-server-"));
  try {
    const ws = generateWorkspace(root);
    const lines = ws.allFiles.reduce((n, rel) => n + readFileSync(join(root, rel), "utf8").split("\n").length, 0);
    console.log(`server-index: ${ws.allFiles.length} files (${ws.dagFiles.length} DAGs, ${ws.taskFiles.length} tasks), ${Math.round(lines / ws.allFiles.length)} lines per file`);

    // Floor and server runs alternate, so a busy machine slows both alike.
    parseAll(ws);
    const floors: number[] = [];
    const colds: number[] = [];
    const floorCpus: number[] = [];
    const coldCpus: number[] = [];
    let last: LspSession | undefined;
    for (let run = 0; run < COLD_RUNS; run++) {
      floors.push(await timeMs(() => parseAll(ws), 1, 0));
      floorCpus.push(cpuMs(() => parseAll(ws)));
      const { lsp, ms, cpu } = await coldIndex(ws);
      colds.push(ms);
      coldCpus.push(cpu);
      console.log(
        `server-index: run ${run + 1}: parse floor ${Math.round(floors[run]!)} ms wall / ${Math.round(floorCpus[run]!)} ms CPU, ` +
          `cold index ${Math.round(ms)} ms wall / ${Math.round(cpu)} ms CPU`,
      );
      if (run < COLD_RUNS - 1) await lsp.close();
      else last = lsp;
    }
    const lsp = last!;
    const during: AnswersDuringIndex[] = [];
    try {
      const probe = ws.dagFiles[ws.dagFiles.length - 1]!;
      const idle = await idleAnswerMs(lsp, probe);
      for (let run = 0; run < ANSWER_RUNS; run++) {
        const r = await answersDuringIndex(ws.root, probe);
        during.push(r);
        console.log(
          `server-index: answers during cold index, run ${run + 1}: first ${Math.round(r.firstMs)} ms, ${r.latencies.length} answers, ` +
            `p95 ${Math.round(percentile(r.latencies, 95))} ms, index done after ${Math.round(r.indexMs)} ms`,
        );
      }
      const cpuBefore = processCpuMs(lsp.child.pid!);
      const edits = await editLatencies(lsp, ws);
      const cpuPerEdit = (processCpuMs(lsp.child.pid!) - cpuBefore) / (WARMUP_EDITS + EDITS);
      const rss = peakRssMb(lsp.child.pid!);
      const cold = median(colds);
      const floorMs = median(floors);
      report("server-index", [
        { name: "parse floor (read + ts.createSourceFile, all files)", value: floorMs, unit: "ms" },
        { name: "cold index (spawn → all DAG diagnostics published)", value: cold, unit: "ms" },
        { name: "cold index / parse floor (median of paired runs)", value: median(colds.map((c, i) => c / floors[i]!)), unit: "x", limit: 1.2 },
        { name: "cold index CPU / parse floor CPU (less sensitive to a busy machine)", value: median(coldCpus) / median(floorCpus), unit: "x" },
        { name: "edit latency p50 (task shared by 5 DAGs → their diagnostics)", value: median(edits), unit: "ms" },
        { name: "edit latency p95", value: percentile(edits, 95), unit: "ms", limit: 10 },
        { name: "server CPU per edit (mean; 10 ms clock ticks)", value: cpuPerEdit, unit: "ms" },
        { name: "server peak RSS (VmHWM)", value: rss, unit: "MB", limit: 300 },
        { name: "document symbols of a DAG file on the indexed server (floor)", value: idle, unit: "ms" },
        { name: "first answer during the cold index (document symbols sent right after initialized; median of runs)", value: median(during.map((d) => d.firstMs)), unit: "ms", limit: 100 },
        { name: "answers during the cold index, p95 (document symbols, one after another)", value: median(during.map((d) => percentile(d.latencies, 95))), unit: "ms", limit: 100 },
        { name: "answer during the cold index p95 / indexed-server answer", value: median(during.map((d) => percentile(d.latencies, 95))) / idle, unit: "x" },
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
