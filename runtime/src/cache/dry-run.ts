// `gluepy dag <label> --dry-run` (issue 13): per task, in an order its upstream comes first, whether a run
// would run it or reuse it and why, from the same check a real run makes (reuse-check.ts). Runs nothing and
// creates no run folder: the context is built in memory, files are only read. A file an upstream task that
// will run writes is not known before it runs: the task is marked `upstream` (it may still be reused when
// that task rewrites the same bytes).

import path from "node:path";
import type { DryRunLine } from "../../../shared/run-cache";
import { topologicalOrder } from "../../../shared/topo";
import { buildContext } from "../conf/context";
import { createStorage } from "../files/storages/index";
import type { RunOptions } from "../exec/run";
import { selectTasks } from "../exec/selection";
import { validateRun } from "../exec/validate-run";
import { earlierAttempts } from "./earlier-runs";
import { checkTask, type EarlierAttempt } from "./reuse-check";
import { codeOfTasks, hashOfFile, missingOutput, optedOut } from "./run-cache";

/** One line per selected task, upstream first. With `opts.cache` absent every task runs: `cache off`. */
export async function dryRunDag(opts: RunOptions): Promise<DryRunLine[]> {
  const { graph, taskClasses } = validateRun(opts);
  const selected = selectTasks(graph, opts);
  const order = topologicalOrder(
    graph.nodes.map((n) => n.label),
    graph.edges,
  ).filter((t) => selected.has(t));
  if (!opts.cache) return order.map((task) => ({ task, willRun: true, reasons: [{ kind: "cache off", detail: "" }] }));

  const storage = opts.storage ?? (await createStorage(opts.settings));
  const now = new Date();
  const context = await buildContext({
    configsDir: opts.settings.configsDir,
    patches: opts.patches,
    localPatches: opts.localPatches,
    storage,
    meta: { runId: "dry-run", runFolder: "dry-run", createdAt: now.toISOString() },
    cwd: opts.cwd,
    warn: opts.onWarning,
  });
  const earlier = await earlierAttempts(opts.settings.storageRoot);
  const code = codeOfTasks(opts.cache.code, taskClasses);
  const opted = optedOut(taskClasses, graph.edges);
  const upstreamOf = new Map<string, string[]>(order.map((t) => [t, []]));
  for (const [from, to] of graph.edges) upstreamOf.get(to)?.push(from);

  // Which task writes a file, as its newest earlier attempt says: run-folder files, and storage-root ones
  // (a file outside the run folder that a task which will run rewrites is not known before it runs either).
  const writer = new Map<string, string>();
  const rootWriter = new Map<string, string>();
  for (const task of order) for (const o of earlier.get(task)?.[0]?.outputs ?? []) (o.root ? rootWriter : writer).set(o.path, task);
  /** Run-folder files of the tasks that would be reused: their content, as recorded. */
  const placed = new Map<string, string>();
  const willRun = new Set<string>();
  const ancestorsRunning = (task: string): string | undefined => {
    const seen = new Set<string>();
    const stack = [...(upstreamOf.get(task) ?? [])];
    while (stack.length > 0) {
      const t = stack.pop()!;
      if (seen.has(t)) continue;
      seen.add(t);
      if (willRun.has(t)) return t;
      stack.push(...(upstreamOf.get(t) ?? []));
    }
    return undefined;
  };

  const lines: DryRunLine[] = [];
  for (const task of order) {
    const why = opted.get(task);
    if (why) {
      willRun.add(task);
      lines.push({ task, willRun: true, reasons: [{ kind: "opted out", detail: why }] });
      continue;
    }
    const result = await checkTask(earlier.get(task) ?? [], {
      code: code.get(task),
      context,
      rootFile: async (file) => {
        const by = rootWriter.get(file);
        return by !== undefined && by !== task && willRun.has(by) ? { upstream: by } : hashOfFile(storage, file);
      },
      runFile: async (file) => {
        const by = writer.get(file);
        if (by !== undefined && willRun.has(by)) return { upstream: by };
        if (placed.has(file)) return placed.get(file);
        const running = ancestorsRunning(task);
        return running !== undefined ? { upstream: running } : undefined;
      },
      missingOutput: (attempt: EarlierAttempt) => missingOutput(storage, attempt),
    });
    if ("reuse" in result) {
      for (const o of result.reuse.outputs) if (!o.root) placed.set(o.path, o.sha256);
      lines.push({ task, willRun: false, reasons: [], cached: { runId: result.reuse.runId, runFolder: result.reuse.runFolder } });
    } else {
      willRun.add(task);
      lines.push({ task, willRun: true, reasons: result.reasons });
    }
  }
  return lines;
}

/** A dry-run line as text: `train  run    code: src/model.ts; context: forecast.horizon`. */
export function dryRunText(lines: readonly DryRunLine[]): string {
  const width = Math.max(4, ...lines.map((l) => l.task.length));
  return lines
    .map((l) => {
      const what = l.willRun ? `run     ${l.reasons.map((r) => (r.detail ? `${r.kind}: ${r.detail}` : r.kind)).join("; ")}` : `reuse   from ${path.posix.basename(l.cached!.runFolder)}`;
      return `${l.task.padEnd(width)}  ${what}\n`;
    })
    .join("");
}
