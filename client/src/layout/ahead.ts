// Which DAGs the extension host's layout engine lays out before any panel asks (LayoutHost.layOutAhead), in
// place of made-up warm-up DAGs of the same size: the same work optimises ELK's code, and the window's first
// panel of one of them is drawn without waiting on ELK (a 500-task DAG's layout is ~400 ms of it).

import type { LayoutDirection } from "../../../shared/layout/elk-graph";
import type { DagSummary } from "../../../shared/protocol";
import { SMALL_DAG } from "./host";

/** How many DAGs: each is laid out twice (both directions), as many layouts as the warm-up made up. */
export const AHEAD_DAGS = 2;
/** Bigger DAGs take seconds of the thread each; they are laid out when a panel asks. */
export const AHEAD_MAX_TASKS = 2000;
/** A panel lays a DAG out to the right when it is wide, down when tall; its size is not known before it opens. */
export const AHEAD_DIRECTIONS: readonly LayoutDirection[] = ["RIGHT", "DOWN"];

/** The DAGs to lay out ahead: those of the active editor's file first, then the largest; none that are small
 * (laid out in a few ms anyway) or too big. */
export function dagsToLayOutAhead(dags: readonly DagSummary[], activeUri: string | undefined): DagSummary[] {
  const open = (d: DagSummary) => (d.location.uri === activeUri ? 1 : 0);
  return dags
    .filter((d) => d.taskCount > SMALL_DAG && d.taskCount <= AHEAD_MAX_TASKS)
    .sort((a, b) => open(b) - open(a) || b.taskCount - a.taskCount)
    .slice(0, AHEAD_DAGS);
}
