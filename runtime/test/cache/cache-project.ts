// A small project for the run cache tests (issue 13), run through the built CLI: tasks that read a
// storage-root input, a helper module, context keys and each other's outputs, and one that opts out.

import { readdirSync } from "node:fs";
import { join } from "node:path";
import type { RunEvent, TaskEndEvent } from "../../../shared/events";
import { jsonLines, TempProject, type CliResult } from "../cli/support/cli";

export const DAGS = `import { DAG, Task, context, storage, mlops } from "gluepy";
import { factor } from "./helper";

const text = async (path: string) => (await storage.open(path)).toString("utf8");

export class Load extends Task {
  static label = "load";
  async run() {
    await storage.touch(storage.runpath("load.txt"), (await text("raw/input.txt")).trim().toUpperCase());
  }
}

export class Scale extends Task {
  static label = "scale";
  async run() {
    const c = context as unknown as { scale: { k: number } };
    await storage.touch(storage.runpath("scale.txt"), \`\${(await text(storage.runpath("load.txt"))).length * c.scale.k * factor}\`);
  }
}

export class Report extends Task {
  static label = "report";
  async run() {
    const c = context as unknown as { report: { title: string } };
    const scaled = await text(storage.runpath("scale.txt"));
    await storage.touch(storage.runpath("report.txt"), \`\${c.report.title}: \${scaled}\`);
    await mlops.logMetric("scaled", Number(scaled));
  }
}

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

export class Pipeline extends DAG {
  static label = "pipeline";
  static tasks = [Load, Scale.after(Load), Report.after(Scale), Fetch, UseFetch.after(Fetch)];
}
`;

export function cacheProject(settings = "{}"): TempProject {
  return new TempProject({
    "package.json": JSON.stringify({ name: "cache-fixture", private: true }),
    "gluepy.config.ts": `export default ${settings};\n`,
    "configs/default.yaml": "scale:\n  k: 3\nreport:\n  title: Total\n",
    "src/helper.ts": "export const factor = 2;\n",
    "src/dags.ts": DAGS,
    "data/raw/input.txt": "abc\n",
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
