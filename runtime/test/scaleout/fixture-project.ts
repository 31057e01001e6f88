// Temporary Gluepy projects for the scale-out tests, written as real files so worker and coordinator
// processes load them the way the CLI loads any project.
//
// The generated DAG's tasks talk only through storage: each reads the output of every upstream task
// (failing if one is missing), writes its own, and leaves a trace (start/end time, pid, attempt marker).

import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Edge } from "../../../shared/dag-model";

export interface FixtureProject {
  dir: string;
  /** Local storage root (where `runs/` lands). */
  storageRoot: string;
  cleanup(): void;
}

export interface TaskSpec {
  label: string;
  deps: string[];
  /** How long the task works, in ms (a busy-free sleep). */
  sleepMs?: number;
  /** How long the task's first execution sleeps, in ms (later ones do not). */
  firstSleepMs?: number;
  /** How long the task computes without yielding, in ms (CPU-bound). */
  busyMs?: number;
  /** The task's `static retries`. */
  retries?: number;
  /** The task's `static timeoutMs`. */
  timeoutMs?: number;
  /** The task throws on its first `failTimes` attempts (counted in storage). */
  failTimes?: number;
}

/** A layered DAG of `count` tasks: one root, layers that fan out, each task after 1-3 tasks of the layer before, one final sink (fan-in). */
export function layeredDag(count: number, width = 12): TaskSpec[] {
  const specs: TaskSpec[] = [{ label: "t000", deps: [] }];
  let previous = ["t000"];
  let n = 1;
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  while (n < count - 1) {
    const layer: string[] = [];
    for (let i = 0; i < width && n < count - 1; i++, n++) {
      const label = `t${String(n).padStart(3, "0")}`;
      const fanIn = Math.min(previous.length, 1 + Math.floor(rand() * 3));
      const start = Math.floor(rand() * previous.length);
      const deps = [...new Set(Array.from({ length: fanIn }, (_, k) => previous[(start + k) % previous.length]))];
      specs.push({ label, deps });
      layer.push(label);
    }
    previous = layer;
  }
  const sink = `t${String(n).padStart(3, "0")}`;
  specs.push({ label: sink, deps: previous });
  return specs;
}

export function edgesOf(specs: TaskSpec[]): Edge[] {
  return specs.flatMap((s) => s.deps.map((d): Edge => [d, s.label]));
}

/** Writes a project whose DAG `label` has the given tasks; `settings` is the body of gluepy.config.ts's default export. */
export function writeFixtureProject(dagLabel: string, specs: TaskSpec[], settings = "{}"): FixtureProject {
  return writeProject(dagSource(dagLabel, specs), settings);
}

/** Writes a project with `src/dags.ts` as given. */
export function writeProject(dagsSource: string, settings = "{}"): FixtureProject {
  const dir = mkdtempSync(join(tmpdir(), "gluepy-scaleout-"));
  mkdirSync(join(dir, "src"));
  mkdirSync(join(dir, "configs"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "scaleout-fixture", private: true }));
  writeFileSync(join(dir, "configs", "default.yaml"), "fixture:\n  name: scaleout\n");
  writeFileSync(join(dir, "gluepy.config.ts"), `export default ${settings};\n`);
  writeFileSync(join(dir, "src", "dags.ts"), dagsSource);
  return {
    dir,
    storageRoot: join(dir, "data"),
    // Retries: a killed worker may still be writing its cache for a moment (ENOTEMPTY).
    cleanup: () => rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }),
  };
}

function dagSource(dagLabel: string, specs: TaskSpec[]): string {
  return `import { DAG, Task, context, storage } from "gluepy";

const SPECS: { label: string; deps: string[]; sleepMs?: number; firstSleepMs?: number; busyMs?: number; retries?: number; timeoutMs?: number; failTimes?: number }[] = ${JSON.stringify(specs)};

function makeTask(spec: (typeof SPECS)[number]) {
  return class extends Task {
    static label = spec.label;
    static retries = spec.retries ?? 0;
    static timeoutMs = spec.timeoutMs;
    async run() {
      if (spec.failTimes) {
        const dir = storage.runpath(\`attempts/\${spec.label}\`);
        const made = (await storage.exists(dir)) ? (await storage.ls(dir)).files.length : 0;
        await storage.touch(\`\${dir}/\${made + 1}\`, String(process.pid));
        if (made < spec.failTimes) throw new Error(\`\${spec.label} fails on attempt \${made + 1}\`);
      }
      for (const dep of spec.deps) {
        const text = (await storage.open(storage.runpath(\`out/\${dep}.txt\`))).toString();
        if (text !== dep) throw new Error(\`output of \${dep} is '\${text}'\`);
      }
      if ((context as { fixture?: { name?: string } }).fixture?.name !== "scaleout") throw new Error("context not loaded");
      const start = Date.now();
      const startedDir = storage.runpath(\`started/\${spec.label}\`);
      const earlier = (await storage.exists(startedDir)) ? (await storage.ls(startedDir)).files.length : 0;
      // One marker per execution: this process (child of that one) started the task at that time.
      await storage.touch(storage.runpath(\`started/\${spec.label}/\${process.pid}-\${process.ppid}-\${start}\`), String(start));
      if (spec.sleepMs) await new Promise((resolve) => setTimeout(resolve, spec.sleepMs));
      if (spec.firstSleepMs && earlier === 0) await new Promise((resolve) => setTimeout(resolve, spec.firstSleepMs));
      if (spec.busyMs) for (const until = Date.now() + spec.busyMs; Date.now() < until; );
      await storage.touch(storage.runpath(\`out/\${spec.label}.txt\`), spec.label);
      await storage.touch(storage.runpath(\`trace/\${spec.label}.json\`), JSON.stringify({ start, end: Date.now(), pid: process.pid, ppid: process.ppid }));
    }
  };
}

const classes = new Map(SPECS.map((s) => [s.label, makeTask(s)]));

export class FixtureDag extends DAG {
  static label = ${JSON.stringify(dagLabel)};
  static tasks = SPECS.map((s) => (s.deps.length === 0 ? classes.get(s.label)! : classes.get(s.label)!.after(...s.deps.map((d) => classes.get(d)!))));
}
`;
}
