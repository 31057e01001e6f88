// The custom requests of shared/protocol.ts: the DAG (and Task) list, and one DAG's resolved graph.

import { listedProblem } from "../../../shared/dag-listing";
import type { DagGraphParams, DagGraphResult, DagListParams, DagListResult, DagSummary, SourceLocation, TaskSummary } from "../../../shared/protocol";
import { classKey, splitClassKey } from "../index/symbols";
import type { ServerDagGraph } from "../index/workspace-index";
import { uriToPath } from "../transport/uris";
import type { Workspace } from "../workspace";
import type { OutdatedMarks } from "./outdated-marks";
import { dagsUsing } from "./task-usage";

export function listDags(ws: Workspace, params: DagListParams | undefined): DagListResult {
  const dags: DagSummary[] = [];
  const tasks: TaskSummary[] = [];
  for (const c of ws.index.allClasses()) {
    const location = c.info.loc!;
    if (params?.uri && location.uri !== params.uri) continue;
    const project = ws.index.projectOf(splitClassKey(c.key).file);
    if (params?.project && project !== params.project) continue;
    if (c.info.kind === "dag") {
      // A DAG class that declares no label or tasks of its own only shares code: the runtime lists it not.
      if (!ws.index.isRegistered(c.key)) continue;
      const graph = ws.index.graph(c.key);
      dags.push({
        label: c.info.label,
        className: c.info.className,
        location,
        project,
        taskCount: graph?.nodes.length ?? 0,
        problems: (graph?.problems ?? []).map(listedProblem),
      });
    } else {
      tasks.push({ label: c.info.label, className: c.info.className, location, project, dags: dagsUsing(ws, c.key).map((u) => u.dag) });
    }
  }
  // Ties (a label two classes share) break by file and line, so the same text always lists the same way.
  const byLabel = (a: { label: string; location: SourceLocation }, b: { label: string; location: SourceLocation }) =>
    a.label.localeCompare(b.label) ||
    (a.location.uri < b.location.uri ? -1 : a.location.uri > b.location.uri ? 1 : 0) ||
    a.location.range.start.line - b.location.range.start.line;
  return { dags: dags.sort(byLabel), tasks: tasks.sort(byLabel) };
}

/** The DAG's graph, its nodes marked outdated against its last run with the run cache on (issue 13). */
export function dagGraph(ws: Workspace, params: DagGraphParams, outdated: OutdatedMarks): DagGraphResult {
  const projects = params.project !== undefined ? [params.project] : ws.index.projects();
  for (const project of projects) {
    const key = ws.index.classesWithLabel(project, "dag", params.label)[0];
    const graph = key && ws.index.graph(key);
    if (graph) return { ...graph, project, ...outdated.mark(project, graph), dagsUsing: dagsUsingTasks(ws, graph) };
    if (key) return null;
  }
  return null;
}

/** Task label → the DAGs using its class (the index's graph is shared: the answer is a new object). */
function dagsUsingTasks(ws: Workspace, graph: ServerDagGraph): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const node of graph.nodes) {
    const file = node.loc && uriToPath(node.loc.uri);
    const uses = file ? dagsUsing(ws, classKey(file, node.className)) : [];
    out[node.label] = [...new Set(uses.map((u) => u.dag))];
  }
  return out;
}
