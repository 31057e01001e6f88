// Messages between the extension and the graph webview (media/), both directions, and the validator the
// extension runs on everything the webview posts (a webview is untrusted page code: check before use).
//
// What the panel (client/) must do:
//  - Page: `renderGraphHtml({scriptUri, workerUri, styleUri, cspSource, nonce})` from client/src/graph-page-html.ts, with
//    `asWebviewUri` of dist/media/graph.js, dist/media/layout-worker.js (the ELK engine: run in a Web Worker,
//    on the page if a worker cannot start) and media/graph.css; `localResourceRoots`: [dist/media, media];
//    `enableScripts: true`; a fresh random nonce (16+ base64 characters) for every render.
//  - Wait for `{type: "ready"}` (with `direction` when the page's first layout will be the whole DAG: the
//    extension host may start laying out `firstLayoutInput(graph, direction)` as it sends the graph), then send `{type: "graph"}` with the DAG's graph (gluepy/graph request), and
//    `{type: "run-state"}` with the latest run's state (or null) and its tasks' logs (shared/task-logs.ts). Answer every later `ready` the same way
//    (the page reloads when a panel without retainContextWhenHidden is hidden and shown; it keeps its focus
//    and collapsed sub-DAGs itself through getState/setState).
//  - On `gluepy/indexChanged` naming the shown DAG: request its graph again and send `{type: "graph"}`
//    (the page relays out and keeps the viewport, the focus and the collapsed sub-DAGs).
//  - While a run of the shown DAG goes: `{type: "run-events"}` with the RunEvents that arrived since the last
//    one, in order, at most one message per frame (client/src/frame-batches.ts): a 1,000-task run emits
//    10 events per ms, and a message per event queues up seconds behind the run. A `run-start` with a new
//    runId clears the colours; the same runId (a `--retry` of that folder) keeps them.
//  - `why-will-run` → in a trusted workspace, `gluepy dag <dag> --dry-run --json` with the project's runtime;
//    answer `{type: "why", task, answer}` (`pending` first). `show-run` → that run's state as `run-state`.
//  - Optional: `{type: "focus", selector}` shows a task's lineage (e.g. a "graph of this task" lens: `+task+`).
//  - Pass every message from the page through `validateWebviewMessage`; ignore `undefined`. Then:
//    `open-task` → open the task class's `loc` from the graph the extension holds (never a path from the page);
//    `run-dag`/`run-task`/`run-from-task` → `gluepy dag <dag>` [`--task T` | `--from-task T`];
//    `retry-from-task` → `--retry <latest run folder> --from-task T`; `retry-failed` → `--retry <latest> --resume`;
//    `export-svg` → save dialog, write `svg` as `<dag>.svg`; `error` → show it (the page could not lay out);
//    `open-log` → the task's task-log lines in the shown run (its events.jsonl, read by the extension) in an editor.
//  - `layout` → lay the (copied, checked) ELK graph out in the extension host and answer `{type: "layout-result"}`
//    with the same id: `graph` with positions, or `error` (`engineFailed` when no layout could run there at
//    all: the page then lays out in its own Web Worker).
//  - What tests can read in the page: `.node[data-id=<task label>]` (collapsed sub-DAG: `group:<id>`; folded
//    parallel tasks: `parallel:<first task>`, with `data-parallel`) with a
//    `status-<status>` class and a `.detail` line (repainted once per animation frame; <body>
//    `data-run-events-shown` counts the run events painted so far); `.edge[data-from][data-to]`; `.group[data-group]`; on
//    <body>: `data-layout-seq` (bumped after each drawing), `data-layout-engine-used` ("host" | "worker" | "page"), `data-graph-on-screen-ms` (the last `graph` message to
//    its drawing on screen).

import type { ElkNode } from "elkjs/lib/elk-api";
import type { LayoutDirection } from "./layout/elk-graph";
import { copyElkInput } from "./layout/elk-input";
import type { RunEvent } from "./events";
import type { ServedDagGraph } from "./protocol";
import type { DryRunLine } from "./run-cache";
import type { RunState } from "./run-state";
import type { RunLogs } from "./task-logs";

export type ExtensionToWebview =
  /** The DAG to show; a later one for the same DAG is a live edit: relayout, keep the viewport. */
  | { type: "graph"; graph: ServedDagGraph }
  /** The events of a run of the shown DAG since the last such message, in order, as `gluepy dag --json` prints them. */
  | { type: "run-events"; events: RunEvent[] }
  /** A whole run's state at once (the latest run when the panel opens); null clears the colours. `logs`:
   * each task's last log lines in that run (later lines come as task-log run events). */
  | { type: "run-state"; state: RunState | null; logs?: RunLogs }
  /** Focus the view on a selector such as `+train`, `load+`, `2+train+1` (dbt's graph operators). */
  | { type: "focus"; selector: string }
  /** Select a task and open its details (a task clicked in the Runs view or picked in the Experiments view). */
  | { type: "select"; task: string }
  /** "Why will this run?" for a task (asked by the page or the palette): the page selects it and shows the answer. */
  | { type: "why"; task: string; answer: WhyAnswer }
  /** The answer to the page's `layout` request of the same id. */
  | LayoutResult;

export type LayoutResult =
  | { type: "layout-result"; id: number; graph: ElkNode }
  /** `engineFailed`: no layout can run in the extension host (as opposed to ELK refusing this graph). */
  | { type: "layout-result"; id: number; error: string; engineFailed: boolean };

/** The answer to "Why will this run?": the task's line of `gluepy dag --dry-run --json`, or why there
 * is none; `pending` while the dry run goes. */
export type WhyAnswer = DryRunLine | { error: string } | { pending: true };

export type WebviewToExtension =
  /** `direction`: the page has no saved view, so its first layout will be the whole DAG in this direction
   * (the extension host may lay that out while the graph is on its way to the page). */
  | { type: "ready"; direction?: LayoutDirection }
  | { type: "open-task"; dag: string; task: string }
  | { type: "run-dag"; dag: string }
  | { type: "run-task"; dag: string; task: string }
  | { type: "run-from-task"; dag: string; task: string }
  | { type: "retry-from-task"; dag: string; task: string }
  | { type: "retry-failed"; dag: string }
  | { type: "export-svg"; dag: string; svg: string }
  /** Open the file of frame `frame` (index into shared/stack-frames.ts's frames) of the task's error in the
   * shown run: the extension reads the stack from its own copy of the run, never a path from the page. */
  | { type: "open-frame"; dag: string; task: string; frame: number }
  /** Open the task's `index`-th output or input file of the shown run (its own copy, as above). */
  | { type: "open-file"; dag: string; task: string; list: "outputs" | "inputs"; index: number }
  /** Open the task's whole log in the shown run in an editor (read from the run's events by the extension). */
  | { type: "open-log"; dag: string; task: string }
  /** Run `gluepy dag <dag> --dry-run --json` (trusted workspaces only) and answer `why` for the task. */
  | { type: "why-will-run"; dag: string; task: string }
  /** Show the run `runId` of the DAG (a reused task's "Reused from run" link): the extension finds it in its own listing. */
  | { type: "show-run"; dag: string; runId: string }
  | { type: "error"; message: string }
  /** Lay out this ELK graph in the extension host, where ELK stays compiled and warm between panels. */
  | { type: "layout"; id: number; graph: ElkNode };

export type WebviewMessageType = WebviewToExtension["type"];

/** What the page keeps across a reload of the webview (VS Code's getState/setState); the panel reads `dag`
 * from it to restore a panel after a window reload, so it is page data: check it before use. */
export interface SavedView {
  dag: string;
  /** The DAG's project folder (ServedDagGraph.project): labels are unique per project. */
  project?: string;
  focus: string;
  collapsed: string[];
  /** The sets of parallel tasks folded into one node, each by its task labels (shared/layout/parallel-clusters.ts). */
  folded?: string[][];
}

/** Longest label accepted from the page; real labels are identifiers. */
const MAX_LABEL = 200;
/** Largest SVG accepted from the page (a 2,000-node graph is a few MB). */
export const MAX_SVG_CHARS = 50_000_000;
const MAX_ERROR = 2_000;

/** A field's value as kept, or undefined when it is not acceptable (ABSENT: an optional field left out). */
export type Field = (v: unknown) => unknown;
const ABSENT = Symbol("absent");
export const optional =
  (field: Field): Field =>
  (v) =>
    v === undefined ? ABSENT : field(v);
export const when =
  (ok: (v: unknown) => boolean): Field =>
  (v) =>
    ok(v) ? v : undefined;
const label = when((v) => typeof v === "string" && v.length > 0 && v.length <= MAX_LABEL && !/[\0-\x1f]/.test(v));
const svg = when((v) => typeof v === "string" && v.length <= MAX_SVG_CHARS && /^\s*(<\?xml[^>]*>\s*)?<svg[\s>]/.test(v));
const text = when((v) => typeof v === "string" && v.length <= MAX_ERROR);
export const requestId = when((v) => Number.isSafeInteger(v) && (v as number) >= 0);

/** The fields each message type must have; no other field is kept. */
const SHAPES: Record<WebviewMessageType, Record<string, Field>> = {
  ready: { direction: optional(when((v) => v === "RIGHT" || v === "DOWN")) },
  "open-task": { dag: label, task: label },
  "run-dag": { dag: label },
  "run-task": { dag: label, task: label },
  "run-from-task": { dag: label, task: label },
  "retry-from-task": { dag: label, task: label },
  "retry-failed": { dag: label },
  "export-svg": { dag: label, svg },
  "open-frame": { dag: label, task: label, frame: requestId },
  "open-file": { dag: label, task: label, list: when((v) => v === "outputs" || v === "inputs"), index: requestId },
  "open-log": { dag: label, task: label },
  "why-will-run": { dag: label, task: label },
  "show-run": { dag: label, runId: label },
  error: { message: text },
  layout: { id: requestId, graph: copyElkInput },
};

/** A message from the webview, checked and copied to exactly its known fields; undefined when malformed. */
export function validateWebviewMessage(value: unknown): WebviewToExtension | undefined {
  return validateMessage<WebviewToExtension>(SHAPES, value);
}

/** A message of one of `shapes`' types (by its `type`), copied to exactly that shape's fields; undefined
 * when malformed. Every webview's validator (the graph's here, the table preview's) is this. */
export function validateMessage<M extends { type: string }>(shapes: Record<M["type"], Record<string, Field>>, value: unknown): M | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const type = (value as { type?: unknown }).type;
  if (typeof type !== "string" || !Object.hasOwn(shapes, type)) return undefined;
  const shape = shapes[type as M["type"]];
  const out: Record<string, unknown> = { type };
  for (const [field, read] of Object.entries(shape)) {
    const v = read((value as Record<string, unknown>)[field]);
    if (v === undefined) return undefined;
    if (v !== ABSENT) out[field] = v;
  }
  return out as M;
}
