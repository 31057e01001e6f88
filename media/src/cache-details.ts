// The run cache in the details pane (issue 13): the run a reused task came from (a link that shows that
// run), why the task is outdated, and the answer to "Why will this run?" (the dry run's reasons in words).
// The answers are kept per task until the graph or the run shown changes, when they may no longer hold.

import { dryRunWords, reasonWords } from "../../shared/cache-reason-words";
import type { CacheReason } from "../../shared/run-cache";
import type { TaskState } from "../../shared/run-state";
import type { WhyAnswer, WebviewToExtension } from "../../shared/webview-protocol";
import { el, link } from "./task-details";

type Post = (message: WebviewToExtension) => void;

/** What the pane shows of the run cache for one task. */
export interface TaskCacheView {
  /** Why the task is outdated, with the run it is compared with; absent when it is not. */
  outdated?: { reasons: readonly CacheReason[]; since?: string };
  why?: WhyAnswer;
}

/** The "Why will this run?" answers the page has, by task. */
export class WhyAnswers {
  private readonly answers = new Map<string, WhyAnswer>();

  get(task: string): WhyAnswer | undefined {
    return this.answers.get(task);
  }

  set(task: string, answer: WhyAnswer): void {
    this.answers.set(task, answer);
  }

  /** The code, a setting or a run changed: an earlier answer may be wrong now. */
  clear(): void {
    this.answers.clear();
  }
}

/** The pane's run cache sections for `task` of `dag` (none when there is nothing to say but the question). */
export function cacheSections(dag: string, task: string, t: TaskState | undefined, view: TaskCacheView, post: Post): HTMLElement[] {
  const parts: HTMLElement[] = [];
  if (t?.cached) {
    const reused = el("p", undefined, "details-cached");
    const runId = t.cached.runId;
    reused.append(el("span", "Reused from run ", undefined), link(runId, () => post({ type: "show-run", dag, runId })), el("span", ": not run again, its outputs placed into this run."));
    parts.push(reused);
  }
  if (view.outdated) {
    const section = el("section", undefined, "details-outdated");
    section.append(el("h3", view.outdated.since ? `Outdated since run ${view.outdated.since}` : "Outdated"));
    const ul = el("ul", undefined, "reasons");
    for (const r of view.outdated.reasons) ul.append(el("li", reasonWords(r)));
    section.append(ul);
    parts.push(section);
  }
  const why = el("section", undefined, "details-why");
  const ask = (): void => post({ type: "why-will-run", dag, task });
  const answer = view.why;
  if (!answer) why.append(link("Why will this run?", ask));
  else {
    why.append(el("h3", "Why will this run?"));
    if ("pending" in answer) why.append(el("p", "Asking gluepy (a dry run: nothing runs)…", "why-pending"));
    else if ("error" in answer) why.append(el("p", answer.error, "why-error"), link("Ask again", ask));
    else {
      const words = dryRunWords(answer);
      why.append(el("p", words.headline, answer.willRun ? "why-run" : "why-reused"));
      if (words.reasons.length > 0) {
        const ul = el("ul", undefined, "reasons");
        for (const line of words.reasons) ul.append(el("li", line));
        why.append(ul);
      }
      why.append(link("Ask again", ask));
    }
  }
  parts.push(why);
  return parts;
}
