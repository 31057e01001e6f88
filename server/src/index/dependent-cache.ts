// A memo whose entries remember which files they were computed from, so an edit to one file drops
// exactly the entries that read it (the reverse dependency index behind incremental re-checks).

export class DependentCache<V> {
  private readonly values = new Map<string, { value: V; deps: Set<string> }>();
  private readonly dependents = new Map<string, Set<string>>();

  has(key: string): boolean {
    return this.values.has(key);
  }

  /** The cached value; its dependencies are added to `deps` (a caller built on it depends on them too). */
  get(key: string, deps?: Set<string>): V | undefined {
    const hit = this.values.get(key);
    if (hit && deps) for (const d of hit.deps) deps.add(d);
    return hit?.value;
  }

  set(key: string, value: V, deps: Set<string>) {
    this.values.set(key, { value, deps });
    for (const d of deps) {
      let keys = this.dependents.get(d);
      if (!keys) this.dependents.set(d, (keys = new Set()));
      keys.add(key);
    }
  }

  /** Drops every entry computed from one of `files`; returns their keys. */
  invalidate(files: Iterable<string>): Set<string> {
    const dropped = new Set<string>();
    for (const f of files) {
      for (const key of this.dependents.get(f) ?? []) {
        if (dropped.has(key)) continue;
        dropped.add(key);
        const entry = this.values.get(key);
        this.values.delete(key);
        for (const d of entry?.deps ?? []) this.dependents.get(d)?.delete(key);
      }
    }
    return dropped;
  }

  clear() {
    this.values.clear();
    this.dependents.clear();
  }

  keys(): IterableIterator<string> {
    return this.values.keys();
  }
}
