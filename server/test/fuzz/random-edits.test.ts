// Fuzz over real LSP: 5,000 random edits (insert, delete, replace at random offsets: half-typed classes,
// unbalanced brackets, stray quotes) across the DAG and task files of a fixture. The server must never
// crash, must answer every request, and once the edits are undone must publish exactly the original
// diagnostics. Seeded: set FUZZ_SEED to replay a run (the seed is printed).

import assert from "node:assert/strict";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import {
  CodeLensRequest,
  CompletionRequest,
  DocumentSymbolRequest,
  HoverRequest,
  type Diagnostic,
  type TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol";
import { DagGraphRequest, DagListRequest } from "../../../shared/protocol";
import { LspSession } from "../support/lsp-session";
import { serveFixture } from "../support/fixture-workspace";
import { positionAt } from "../support/text-positions";
import { mulberry32 } from "../../../test/support/prng";

const EDITS = 5000;
/** A request every N edits; awaiting it also keeps the client from racing far ahead of the server. */
const REQUEST_EVERY = 20;

const SNIPPETS = [
  "export class Half",
  "export class Half extends ",
  "export class Half extends Task {",
  "export class HalfDAG extends DAG { static tasks = [ATask, ",
  "static tasks = [",
  "static label = \"",
  "static label = 'x' + y;",
  ".after(",
  "ATask.after(BTask",
  "[BTask, CTask",
  "]",
  "[",
  ")",
  "(",
  "}",
  "{",
  ",",
  "\"",
  "`",
  "/*",
  "*/",
  "//",
  "import { ATask } from \"./tasks\";\n",
  "import * as ns from \"./",
  "export * from \"./tasks\";\n",
  "ATask",
  "BTask",
  "NoSuchTask",
  // Labels and class names that already exist elsewhere: cross-file clashes that come and go.
  'static label = "a";',
  'static label = "cycle";',
  "export class ATask extends Task {}\n",
  "export class CleanDAG extends DAG { static tasks = [CycleDAG]; }\n",
  "export default class extends DAG {}\n",
  "\n",
  "  ",
  "é→𝔘",
];

interface FuzzCase {
  fixture: string;
  /** Files whose diagnostics are non-empty once indexed, and clean ones, waited for before the snapshot. */
  problemFiles: string[];
  cleanFiles: string[];
}

const CASES: FuzzCase[] = [
  {
    fixture: "diagnostics",
    problemFiles: ["unknown-task", "unknown-dependency", "cycle", "duplicate-task", "empty", "not-static", "dup-one", "dup-two", "subdag-cycle", "dag-label-one", "dag-label-two", "not-static-label", "not-static-list", "default-label-one", "default-label-two"].map((f) => `src/${f}.ts`),
    cleanFiles: ["src/clean.ts", "src/subdag-inner.ts", "src/eval.ts", "src/same-label.ts"],
  },
  {
    // Barrels, re-exports, namespace and default imports, base classes: the import graph changes under the edits.
    fixture: "imports",
    problemFiles: ["src/dags/not-gluepy.ts", "src/lib/chain.ts"],
    cleanFiles: ["named", "renamed", "namespace", "default", "reexport", "star", "barrel", "barrel-index", "js-ext", "paths", "base-url", "subclass"].map((f) => `src/dags/${f}.ts`),
  },
  {
    // Bodies full of braces in strings and regexes, namespaces, looping re-exports, self-extending classes.
    fixture: "tricky",
    problemFiles: ["src/loops-dag.ts"],
    cleanFiles: ["src/dags.ts", "src/namespaced.ts", "src/generic-task.ts"],
  },
];

/** Every .ts file under `dir`, workspace-relative. */
function tsFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(root, `${dir}/${e.name}`) : e.name.endsWith(".ts") ? [`${dir}/${e.name}`] : [],
  );
}

for (const c of CASES) {
  describe(`fuzz: random edits over LSP (fixture: ${c.fixture})`, function () {
    this.timeout(180_000);
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
    let lsp!: LspSession;
    before(() => console.log(`      fuzz seed: ${seed} (replay with FUZZ_SEED=${seed})`));
    serveFixture(c.fixture, (session) => (lsp = session));

    it(`survives ${EDITS} random edits, answers every request, and republishes the original diagnostics and graphs after undo`, async () => {
      const files = tsFiles(lsp.root, "src").sort();
      for (const rel of c.problemFiles) await lsp.waitForDiagnostics(rel, (d) => d.length > 0);
      for (const rel of c.cleanFiles) await lsp.waitForDiagnostics(rel);
      const original = new Map<string, Diagnostic[]>(files.map((rel) => [rel, lsp.latest(rel)?.diagnostics ?? []]));
      const originalText = new Map(files.map((rel) => [rel, lsp.text(rel)]));
      const originalIndex = await indexSnapshot(lsp);
      for (const rel of files) await lsp.open(rel);

      const beforeEdits = lsp.mark;
      const random = mulberry32(seed);
      const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
      let answered = 0;
      let closes = 0;
      for (let i = 1; i <= EDITS; i++) {
        const rel = pick(files);
        if (lsp.isOpen(rel) && random() < 0.01) {
          // The user closes a file without saving: the server must fall back to the disk copy.
          await lsp.closeDocument(rel);
          closes++;
        } else {
          if (!lsp.isOpen(rel)) await lsp.open(rel);
          await lsp.sendChanges(rel, ...randomEdit(lsp, rel, random, pick));
        }
        if (i % REQUEST_EVERY === 0) {
          await askSomething(lsp, pick(files), random);
          answered++;
        }
      }
      assert.ok(lsp.alive, "server died during the edits");
      assert.deepEqual(lsp.errorLogs, [], `the server logged errors (seed ${seed})`);
      assert.equal(answered, EDITS / REQUEST_EVERY);
      assert.ok(closes > 0, "the run closed no file");
      const republished = [...lsp.diagnostics.values()].flat().filter((p) => p.seq > beforeEdits).length;
      assert.ok(republished > 0, "the edits never changed any diagnostics: the server is not re-checking");

      for (const rel of files) if (lsp.isOpen(rel)) await lsp.change(rel, originalText.get(rel)!);
      await lsp.waitFor(
        () => (files.every((rel) => sameDiagnostics(lsp, rel, original.get(rel)!)) ? true : undefined),
        30_000,
        () =>
          "the original diagnostics after undo; differing files: " +
          files
            .filter((rel) => !sameDiagnostics(lsp, rel, original.get(rel)!))
            .map((rel) => `${rel}: now ${JSON.stringify(lsp.latest(rel)?.diagnostics)}, originally ${JSON.stringify(original.get(rel))}`)
            .join("; ") +
          ` (seed ${seed})`,
      );
      assert.deepEqual(await indexSnapshot(lsp), originalIndex, `gluepy/dags and gluepy/graph after undo (seed ${seed})`);
      assert.deepEqual(lsp.errorLogs, [], `the server logged errors (seed ${seed})`);
      assert.ok(lsp.alive);
    });
  });
}

/** The DAG list and every DAG's graph, as the graph view would ask for them. */
async function indexSnapshot(lsp: LspSession): Promise<unknown> {
  const list = await lsp.request(DagListRequest, {});
  // Two classes may share a label (a duplicate-label case): the file breaks the tie.
  const sortBy = <T extends { label: string; location: { uri: string } }>(xs: T[]) =>
    [...xs].sort((a, b) => a.label.localeCompare(b.label) || a.location.uri.localeCompare(b.location.uri));
  const graphs: Record<string, unknown> = {};
  for (const d of list.dags) graphs[d.label] = await lsp.request(DagGraphRequest, { label: d.label });
  return { dags: sortBy(list.dags), tasks: sortBy(list.tasks), graphs };
}

/** One insert, delete or replace at a random offset: the change to send and the text it leaves. */
function randomEdit(
  lsp: LspSession,
  rel: string,
  random: () => number,
  pick: <T>(xs: readonly T[]) => T,
): [TextDocumentContentChangeEvent[], string] {
  const text = lsp.text(rel);
  const start = Math.floor(random() * (text.length + 1));
  const op = random();
  const end = op < 0.4 ? start : Math.min(text.length, start + 1 + Math.floor(random() * 24));
  const inserted = op < 0.7 && op >= 0.4 ? "" : pick(SNIPPETS);
  const next = text.slice(0, start) + inserted + text.slice(end);
  const change: TextDocumentContentChangeEvent = lsp.incrementalSync
    ? { range: { start: positionAt(text, start), end: positionAt(text, end) }, text: inserted }
    : { text: next };
  return [[change], next];
}

/** True when the file's latest diagnostics equal `want` (a file never published counts as clean). */
function sameDiagnostics(lsp: LspSession, rel: string, want: Diagnostic[]): boolean {
  return JSON.stringify(lsp.latest(rel)?.diagnostics ?? []) === JSON.stringify(want);
}

/** One random request of the kinds an editor sends while typing; throws unless it is answered. */
async function askSomething(lsp: LspSession, rel: string, random: () => number): Promise<void> {
  const textDocument = { uri: lsp.uri(rel) };
  const text = lsp.text(rel);
  const position = positionAt(text, Math.floor(random() * (text.length + 1)));
  const caps = lsp.initializeResult.capabilities;
  // Only what the server advertises: any error answer (a handler that threw) fails the test.
  const requests: [string, unknown][] = [
    ...(caps.documentSymbolProvider ? [[DocumentSymbolRequest.method, { textDocument }] as [string, unknown]] : []),
    ...(caps.hoverProvider ? [[HoverRequest.method, { textDocument, position }] as [string, unknown]] : []),
    ...(caps.codeLensProvider ? [[CodeLensRequest.method, { textDocument }] as [string, unknown]] : []),
    ...(caps.completionProvider ? [[CompletionRequest.method, { textDocument, position }] as [string, unknown]] : []),
    [DagListRequest.method, {}],
    [DagGraphRequest.method, { label: "cycle" }],
  ];
  const [method, params] = requests[Math.floor(random() * requests.length)]!;
  await lsp.request(method, params, 10_000);
}
