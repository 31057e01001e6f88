// A small project for the run cache tests (issue 13), run through the built CLI: tasks that read a
// storage-root input, a helper module, a package, context keys and each other's outputs, and one that
// opts out (with a task after it). load → scale → report; fetch (cache = false) → use-fetch.

import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { RunEvent, TaskEndEvent } from "../../../shared/events";
import { jsonLines, TempProject, type CliResult } from "../cli/support/cli";

const PRELUDE = `import { storage } from "gluepy";
export const text = async (path: string) => (await storage.open(path)).toString("utf8");
`;

/** One module per task, so a helper module reaches one task only; \`scale\` also imports a package. */
const FILES: Record<string, string> = {
  "src/io.ts": PRELUDE,
  "src/helper.ts": "export const factor = 2;\n",
  "src/load.ts": `import { Task, storage } from "gluepy";
import { text } from "./io";
export class Load extends Task {
  static label = "load";
  async run() {
    await storage.touch(storage.runpath("load.txt"), (await text("raw/input.txt")).trim().toUpperCase());
  }
}
`,
  "src/scale.ts": `import { Task } from "gluepy";
import { pad } from "tiny-pad";
import { context, storage } from "gluepy";
import { text } from "./io";
import { factor } from "./helper";
export class Scale extends Task {
  static label = "scale";
  async run() {
    const c = context as unknown as { scale: { k: number } };
    await storage.touch(storage.runpath("scale.txt"), pad(\`\${(await text(storage.runpath("load.txt"))).length * c.scale.k * factor}\`));
  }
}
`,
  "src/report.ts": `import { Task } from "gluepy";
import { context, mlops, storage } from "gluepy";
import { text } from "./io";
export class Report extends Task {
  static label = "report";
  async run() {
    const c = context as unknown as { report: { title: string } };
    const scaled = await text(storage.runpath("scale.txt"));
    await storage.touch(storage.runpath("report.txt"), \`\${c.report.title}: \${scaled}\`);
    await mlops.logMetric("scaled", Number(scaled));
  }
}
`,
  "src/fetch.ts": `import { Task, storage } from "gluepy";
import { text } from "./io";
export class Fetch extends Task {
  static label = "fetch";
  static cache = false;
  async run() {
    await storage.touch(storage.runpath("fetch.txt"), "fetched");
  }
}
export class UseFetch extends Task {
  static label = "use-fetch";
  async run() {
    await storage.touch(storage.runpath("used.txt"), await text(storage.runpath("fetch.txt")));
  }
}
`,
  "src/dags.ts": `import { DAG } from "gluepy";
import { Load } from "./load";
import { Scale } from "./scale";
import { Report } from "./report";
import { Fetch, UseFetch } from "./fetch";
export class Pipeline extends DAG {
  static label = "pipeline";
  static tasks = [Load, Scale.after(Load), Report.after(Scale), Fetch, UseFetch.after(Fetch)];
}
`,
  "node_modules/tiny-pad/package.json": JSON.stringify({ name: "tiny-pad", version: "1.0.0", main: "index.js" }),
  "node_modules/tiny-pad/index.js": "exports.pad = (s) => s.padStart(4, '0');\n",
};

export function cacheProject(settings = "{}"): TempProject {
  return new TempProject({
    "package.json": JSON.stringify({ name: "cache-fixture", private: true }),
    "gluepy.config.ts": `export default ${settings};\n`,
    "configs/default.yaml": "scale:\n  k: 3\nreport:\n  title: Total\n",
    "data/raw/input.txt": "abc\n",
    ...FILES,
  });
}

/** Each task's end in a `--json` run: "ran", or "cached" (its outputs came from an earlier run). */
export function outcomes(result: CliResult): Record<string, "ran" | "cached" | string> {
  const events = jsonLines(result.stdout) as RunEvent[];
  const out: Record<string, string> = {};
  for (const e of events) if (e.event === "task-end") out[e.task] = e.status !== "succeeded" ? e.status : e.cached ? "cached" : "ran";
  return out;
}

export function taskEnds(result: CliResult): TaskEndEvent[] {
  return (jsonLines(result.stdout) as RunEvent[]).filter((e): e is TaskEndEvent => e.event === "task-end");
}

export function runFolderOf(result: CliResult): string {
  const start = (jsonLines(result.stdout) as RunEvent[]).find((e) => e.event === "run-start");
  if (!start || start.event !== "run-start") throw new Error(`no run-start in: ${result.stdout}\n${result.stderr}`);
  return start.runFolder;
}

/** Every run folder under the project's storage root. */
export function runFolders(project: TempProject): string[] {
  const out: string[] = [];
  const walk = (rel: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(join(project.dir, "data", rel));
    } catch {
      return;
    }
    for (const n of names) depth === 3 ? out.push(`${rel}/${n}`) : walk(`${rel}/${n}`, depth + 1);
  };
  walk("runs", 0);
  return out;
}
