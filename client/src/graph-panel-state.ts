// What a graph panel restored after a window reload shows: the DAG named in the view state its page saved
// (SavedView in shared/webview-protocol.ts). The state comes from page code, so it is checked before use.

import type { SavedView } from "../../shared/webview-protocol";

/** The panels' view type: in createWebviewPanel, the serializer and the `onWebviewPanel:` activation event. */
export const GRAPH_VIEW_TYPE = "gluepy.graph";

/** The DAG label in a saved page state, or undefined when the state names none (the page never drew a graph). */
export function savedDagOf(state: unknown): string | undefined {
  if (typeof state !== "object" || state === null) return undefined;
  const dag = (state as Partial<Record<keyof SavedView, unknown>>).dag;
  return typeof dag === "string" && dag !== "" ? dag : undefined;
}
