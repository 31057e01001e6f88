// The differential test the run cache rests on (issue 13): over a seeded series of random edits to a
// generated 30-task project (helper modules, task modules, context values, storage-root input files),
// `gluepy dag --dry-run` agrees with what the next real run does, exactly up to early cutoff (a task
// marked only `upstream` may be reused), and every output of every run (reused or not) equals what the
// project computes from scratch: a cache hit never hides a change.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DryRunLine } from "../../../shared/run-cache";
import { mulberry32 } from "../../../test/support/prng";
import { ensureBuilt, jsonLines, TempProject } from "../cli/support/cli";
import { outcomes, runFolderOf } from "./cache-project";

const TASKS = 30;
const HELPERS = 5;
const INPUTS = 4;
/**
 * 50 edits by default, not the issue's 200: each edit is two CLI runs of 30 tasks; 50 take ~40 s, 200 took
 * 348 s at load ~7 (passed, seed 1313; 100 edits with seed 7 passed too). GLUEPY_CACHE_DIFF_EDITS=200 runs them.
 */
const EDITS = Number(process.env.GLUEPY_CACHE_DIFF_EDITS ?? 50);
const SEED = Number(process.env.GLUEPY_CACHE_DIFF_SEED ?? 1313);

interface Spec {
  label: string;
  deps: string[];
  helper: number;
  input?: number;
}

/** The project's state, as the test models it. */
interface Model {
  helpers: number[];
  /** Comments added to a module (source change, same result). */
  noise: Record<string, number>;
  params: number[];
  inputs: string[];
}

const label = (i: number) => `t${String(i).padStart(2, "0")}`;

function specsOf(rand: () => number): Spec[] {
  return Array.from({ length: TASKS }, (_, i) => {
    const deps = i === 0 ? [] : [...new Set(Array.from({ length: Math.floor(rand() * 3) }, () => label(Math.floor(rand() * i))))];
    const spec: Spec = { label: label(i), deps, helper: Math.floor(rand() * HELPERS) };
    if (rand() < 0.4) spec.input = Math.floor(rand() * INPUTS);
    return spec;
  });
}

function taskSource(spec: Spec, noise: number): string {
  const input = spec.input === undefined ? "" : `    v += (await storage.open("inputs/i${spec.input}.txt")).length;\n`;
  return `import { Task, context, storage } from "gluepy";
import { h } from "./h${spec.helper}";
${"// edited\n".repeat(noise)}export class T${spec.label} extends Task {
  static label = "${spec.label}";
  async run() {
    let v = h + Number((context as unknown as { params: Record<string, number> }).params.${spec.label});
    for (const d of ${JSON.stringify(spec.deps)}) v += Number((await storage.open(storage.runpath(d + ".txt"))).toString());
${input}    await storage.touch(storage.runpath("${spec.label}.txt"), String(v % 3));
  }
}
`;
}

function files(specs: Spec[], model: Model): Record<string, string> {
  const out: Record<string, string> = {};
  model.helpers.forEach((h, k) => (out[`src/h${k}.ts`] = `${"// edited\n".repeat(model.noise[`h${k}`] ?? 0)}export const h = ${h};\n`));
  for (const s of specs) out[`src/${s.label}.ts`] = taskSource(s, model.noise[s.label] ?? 0);
  out["configs/default.yaml"] = `params:\n${model.params.map((p, i) => `  ${label(i)}: ${p}\n`).join("")}`;
  model.inputs.forEach((text, k) => (out[`data/inputs/i${k}.txt`] = text));
  return out;
}

function dagSource(specs: Spec[]): string {
  const imports = specs.map((s) => `import { T${s.label} } from "./${s.label}";`).join("\n");
  const entries = specs.map((s) => (s.deps.length ? `T${s.label}.after(${s.deps.map((d) => `T${d}`).join(", ")})` : `T${s.label}`)).join(",\n    ");
  return `import { DAG } from "gluepy";\n${imports}\nexport class Generated extends DAG {\n  static label = "generated";\n  static tasks = [\n    ${entries},\n  ];\n}\n`;
}

/** What each task's output must hold, computed from the model alone. */
function expected(specs: Spec[], model: Model): Record<string, string> {
  const value: Record<string, number> = {};
  for (const s of specs) {
    let v = model.helpers[s.helper]! + model.params[Number(s.label.slice(1))]!;
    for (const d of s.deps) v += value[d]!;
    if (s.input !== undefined) v += Buffer.byteLength(model.inputs[s.input]!);
    value[s.label] = v % 3;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
}

describe("run cache: --dry-run against the next real run (seeded differential)", function () {
  this.timeout(0);
  before(() => ensureBuilt());

  it(`agrees over ${EDITS} random edits of a 30-task project (seed ${SEED}), and every output is what a fresh run computes`, async () => {
    const rand = mulberry32(SEED);
    const specs = specsOf(rand);
    const model: Model = {
      helpers: Array.from({ length: HELPERS }, () => Math.floor(rand() * 5)),
      noise: {},
      params: Array.from({ length: TASKS }, () => Math.floor(rand() * 5)),
      inputs: Array.from({ length: INPUTS }, () => "x".repeat(1 + Math.floor(rand() * 4))),
    };
    const project = new TempProject({
      "package.json": JSON.stringify({ name: "cache-differential", private: true }),
      "gluepy.config.ts": "export default { cache: true };\n",
      "src/dags.ts": dagSource(specs),
      ...files(specs, model),
    });
    const tally = { reused: 0, ran: 0, cutOff: 0 };
    try {
      for (let edit = 0; edit <= EDITS; edit++) {
        const what = edit === 0 ? "first run" : applyEdit(rand, specs, model);
        project.write(files(specs, model));
        const dry = await project.run(["dag", "generated", "--dry-run", "--json"]);
        assert.equal(dry.code, 0, dry.stderr);
        const lines = jsonLines(dry.stdout) as DryRunLine[];
        const real = await project.run(["dag", "generated", "--json"]);
        assert.equal(real.code, 0, real.stderr);
        const did = outcomes(real);
        const where = `edit ${edit} (${what}), seed ${SEED}`;
        for (const line of lines) {
          const onlyUpstream = line.willRun && line.reasons.every((r) => r.kind === "upstream");
          if (!line.willRun) assert.equal(did[line.task], "cached", `${where}: dry run said ${line.task} is reused`);
          else if (!onlyUpstream) assert.equal(did[line.task], "ran", `${where}: dry run said ${line.task} runs for ${JSON.stringify(line.reasons)}`);
          if (did[line.task] === "cached") tally.reused++;
          else tally.ran++;
          if (onlyUpstream && did[line.task] === "cached") tally.cutOff++;
        }
        assert.equal(lines.length, TASKS);
        const folder = join(project.dir, "data", runFolderOf(real));
        const want = expected(specs, model);
        for (const s of specs) assert.equal(readFileSync(join(folder, `${s.label}.txt`), "utf8"), want[s.label], `${where}: output of ${s.label}`);
      }
    } finally {
      project.cleanup();
    }
    // The series exercised reuse, re-runs and early cutoff alike.
    assert.ok(tally.reused > 0 && tally.ran > 0 && tally.cutOff > 0, JSON.stringify(tally));
  });
});

/** One random edit of the model (the files are rewritten from it); says what it was. */
function applyEdit(rand: () => number, specs: Spec[], model: Model): string {
  const pick = rand();
  if (pick < 0.25) {
    const k = Math.floor(rand() * HELPERS);
    model.helpers[k] = Math.floor(rand() * 5);
    return `helper h${k} = ${model.helpers[k]}`;
  }
  if (pick < 0.4) {
    const name = rand() < 0.5 ? `h${Math.floor(rand() * HELPERS)}` : specs[Math.floor(rand() * specs.length)]!.label;
    model.noise[name] = (model.noise[name] ?? 0) + 1;
    return `comment in ${name}`;
  }
  if (pick < 0.7) {
    const i = Math.floor(rand() * TASKS);
    model.params[i] = Math.floor(rand() * 5);
    return `params.${label(i)} = ${model.params[i]}`;
  }
  if (pick < 0.9) {
    const k = Math.floor(rand() * INPUTS);
    model.inputs[k] = "x".repeat(1 + Math.floor(rand() * 4));
    return `input i${k} = ${model.inputs[k]!.length} bytes`;
  }
  return "no change";
}
