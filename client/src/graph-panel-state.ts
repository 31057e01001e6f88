// Which graph a panel shows, and what a panel restored after a window reload shows: a DAG of a project
// (labels are unique per project, not per workspace: issue 15 item 5). The restored one comes from the
// view state its page saved (SavedView in shared/webview-protocol.ts), page code, so it is checked before use.

import type { DagGraphParams } from "../../shared/protocol";
import type { SavedView } from "../../shared/webview-protocol";

/** The panels' view type: in createWebviewPanel, the serializer and the `onWebviewPanel:` activation event. */
export const GRAPH_VIEW_TYPE = "gluepy.graph";

/** The graph a panel shows: a DAG label, and its project folder when known (a state saved by an older version names none). */
export interface GraphTarget {
  dag: string;
  project?: string;
}

/** One panel per DAG of a project: two projects' DAGs sharing a label get a panel each. */
export function graphPanelKey(target: GraphTarget): string {
  return JSON.stringify([target.project ?? "", target.dag]);
}

/** The gluepy/graph question for a panel's DAG: in its project when it has one. */
export function graphParams(target: GraphTarget): DagGraphParams {
  return target.project !== undefined ? { label: target.dag, project: target.project } : { label: target.dag };
}

/** The panels a run's event or an index change goes to: a run's DAG in its project, a changed label in every project (the server names labels only). */
export function isShownBy(target: GraphTarget, dag: string, project?: string): boolean {
  return target.dag === dag && (project === undefined || target.project === undefined || target.project === project);
}

/** The DAG (and project) in a saved page state, or undefined when the state names none (the page never drew a graph). */
export function savedTargetOf(state: unknown): GraphTarget | undefined {
  if (typeof state !== "object" || state === null) return undefined;
  const { dag, project } = state as Partial<Record<keyof SavedView, unknown>>;
  if (typeof dag !== "string" || dag === "") return undefined;
  return typeof project === "string" && project !== "" ? { dag, project } : { dag };
}
