// The outdated marks the server adds to gluepy/graph and to the Run DAG lens (issue 13): the fingerprints
// the client last listed per project and DAG (gluepy/runsListed), and the current hash of each file they
// name, kept until that file changes (an edit, open or close, a change on disk). It says which DAGs' marks
// an event may have changed, so only those are sent again. The files are read and hashed, never executed.

import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { CODE_HASH } from "../../../shared/code-fingerprint";
import type { DagGraph } from "../../../shared/dag-model";
import type { DagFingerprints, ServedDagGraph, ServedTaskNode, SourceLocation } from "../../../shared/protocol";
import type { CacheReason } from "../../../shared/run-cache";
import { uriToPath } from "../transport/uris";
import { outdatedTasks } from "./outdated";

/** One DAG's recorded fingerprints, with the files they name (absolute) and the hash recorded for each. */
interface RecordedDag {
  project: string;
  fingerprints: DagFingerprints;
  files: Map<string, string>;
}

type Marks = Pick<ServedDagGraph, "nodes" | "comparedWith">;

export class OutdatedMarks {
  private readonly byProject = new Map<string, Map<string, RecordedDag>>();
  /** File → the recorded DAGs whose code names it: an edit to it may change their marks. */
  private readonly watched = new Map<string, Set<RecordedDag>>();
  private readonly hashes = new Map<string, string | undefined>();
  /** Marks computed per graph object (the index keeps one until the DAG changes), until a hash or fingerprint changes. */
  private computed = new WeakMap<DagGraph<SourceLocation>, Marks>();

  /** `openText` gives an open buffer's text (unsaved edits count), undefined for a file not open. */
  constructor(private readonly openText: (file: string) => string | undefined) {}

  /** The client listed a project's runs: replaces its fingerprints. Returns the labels of the DAGs whose marks may have changed. */
  setFingerprints(project: string, list: readonly DagFingerprints[]): Set<string> {
    const before = this.byProject.get(project) ?? new Map<string, RecordedDag>();
    const after = new Map<string, RecordedDag>();
    const changed = new Set<string>();
    for (const fingerprints of list) {
      const old = before.get(fingerprints.dag);
      if (old && old.fingerprints.runId === fingerprints.runId) {
        after.set(fingerprints.dag, old);
        continue;
      }
      const files = new Map<string, string>();
      for (const code of Object.values(fingerprints.tasks)) for (const [key, hash] of Object.entries(code)) files.set(path.resolve(project, key), hash);
      after.set(fingerprints.dag, { project, fingerprints, files });
      changed.add(fingerprints.dag);
    }
    for (const dag of before.keys()) if (!after.has(dag)) changed.add(dag);
    if (changed.size === 0) return changed;
    this.byProject.set(project, after);
    this.rewatch();
    // A run just ended: files may have changed on disk without a watcher event (a .js module); hash afresh.
    this.hashes.clear();
    this.computed = new WeakMap();
    return changed;
  }

  /** A file's text changed (typed, opened, closed, changed on disk). Returns the labels of the DAGs whose marks may have changed. */
  fileChanged(file: string): Set<string> {
    const had = this.hashes.has(file);
    const before = this.hashes.get(file);
    this.hashes.delete(file);
    const changed = new Set<string>();
    const dags = this.watched.get(file);
    if (!dags) return changed;
    const after = this.hashOf(file);
    for (const dag of dags) {
      const recorded = dag.files.get(file);
      // The marks name a changed file, not its hash: only a file turning changed or unchanged moves them.
      if (!had || (before === recorded) !== (after === recorded)) changed.add(dag.fingerprints.dag);
    }
    if (changed.size > 0) this.computed = new WeakMap();
    return changed;
  }

  /** The graph's nodes with their outdated reasons, and the run they compare with (nothing marked without one). */
  mark(project: string, graph: DagGraph<SourceLocation>): Marks {
    const recorded = this.byProject.get(project)?.get(graph.dag);
    if (!recorded) return { nodes: graph.nodes };
    let marks = this.computed.get(graph);
    if (marks) return marks;
    const reasons = outdatedTasks({
      graph,
      recorded: recorded.fingerprints.tasks,
      moduleKey: (loc) => {
        const file = loc && uriToPath(loc.uri);
        return file === undefined ? undefined : path.relative(project, file).split(path.sep).join("/");
      },
      hashNow: (key) => this.hashOf(path.resolve(project, key)),
    });
    const { runId, runFolder } = recorded.fingerprints;
    marks = { nodes: graph.nodes.map((node) => withReasons(node, reasons.get(node.label))), comparedWith: { runId, runFolder } };
    this.computed.set(graph, marks);
    return marks;
  }

  /** How many of the graph's tasks are outdated: the Run DAG lens says it. */
  count(project: string, graph: DagGraph<SourceLocation>): number {
    return this.mark(project, graph).nodes.filter((n) => n.outdated).length;
  }

  private rewatch() {
    this.watched.clear();
    for (const dags of this.byProject.values()) {
      for (const dag of dags.values()) {
        for (const file of dag.files.keys()) {
          let set = this.watched.get(file);
          if (!set) this.watched.set(file, (set = new Set()));
          set.add(dag);
        }
      }
    }
  }

  /**
   * The file's current hash as the runtime would record it: of its bytes on disk, or of an open buffer's
   * text. An open buffer equal to the disk (an editor drops a BOM from the text) counts as the disk's bytes.
   */
  private hashOf(file: string): string | undefined {
    if (this.hashes.has(file)) return this.hashes.get(file);
    const text = this.openText(file);
    let disk: Buffer | undefined;
    try {
      disk = readFileSync(file);
    } catch {
      disk = undefined;
    }
    const sameAsDisk = disk !== undefined && (text === undefined || disk.toString("utf8").replace(/^\uFEFF/, "") === text);
    const content = sameAsDisk ? disk : text === undefined ? undefined : Buffer.from(text, "utf8");
    const hash = content && createHash(CODE_HASH.algorithm).update(content).digest(CODE_HASH.encoding);
    this.hashes.set(file, hash);
    return hash;
  }
}

function withReasons(node: ServedTaskNode, outdated: CacheReason[] | undefined): ServedTaskNode {
  return outdated ? { ...node, outdated } : node;
}
