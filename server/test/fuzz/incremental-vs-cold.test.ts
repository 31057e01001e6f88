// Differential fuzz over real LSP: random meaningful edits (class renames, label changes, entries added
// and removed, exports toggled) across many files of one server, then the same texts saved to disk and
// indexed cold by a second server. Both must publish the same diagnostics and answer the same DAG list and
// graphs: the incremental re-check may never keep a stale dependency. Seeded like random-edits.test.ts.

import assert from "node:assert/strict";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DidChangeWatchedFilesNotification, FileChangeType } from "vscode-languageserver-protocol";
import { DagGraphRequest, DagListRequest } from "../../../shared/protocol";
import { LspSession } from "../support/lsp-session";
import { serveFixture } from "../support/fixture-workspace";
import { mulberry32 } from "../../../test/support/prng";

const EDITS = 1500;
/** Edits between two questions to the edited server: each answer is derived from what changed since the last. */
const ASK_EVERY = 20;

/**
 * `settle`: a file whose first diagnostics mean the cold index is done; `dirs`: the folders edited;
 * `via`: edits typed into open buffers, or written to disk and announced as an editor's watcher does.
 */
const CASES: { fixture: string; settle: string; dirs: string[]; via: "buffers" | "disk" }[] = [
  { fixture: "imports", settle: "src/dags/not-gluepy.ts", dirs: ["src"], via: "buffers" },
  { fixture: "diagnostics", settle: "src/cycle.ts", dirs: ["src"], via: "buffers" },
  // Several tsconfig files and a workspace package: resolution differs by folder.
  { fixture: "layouts", settle: "src/dags.ts", dirs: ["src", "packages"], via: "buffers" },
  { fixture: "imports", settle: "src/dags/not-gluepy.ts", dirs: ["src"], via: "disk" },
];

function tsFiles(root: string, dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? tsFiles(root, `${dir}/${e.name}`) : e.name.endsWith(".ts") ? [`${dir}/${e.name}`] : [],
  );
}

/** Class names and labels written anywhere in the workspace: the vocabulary the edits draw from. */
function vocabulary(texts: string[]): Vocabulary {
  const classes = new Set<string>();
  const labels = new Set<string>(["fresh_label"]);
  const specifiers = new Set<string>();
  for (const t of texts) {
    for (const m of t.matchAll(/class (\w+)/g)) classes.add(m[1]!);
    for (const m of t.matchAll(/static label = "(\w+)"/g)) labels.add(m[1]!);
    for (const m of t.matchAll(/from "([^"]+)"/g)) specifiers.add(m[1]!);
  }
  return { classes: [...classes].sort(), labels: [...labels].sort(), specifiers: [...specifiers].sort() };
}

interface Vocabulary {
  classes: string[];
  labels: string[];
  /** Module specifiers: swapping them re-points imports (some to nothing). */
  specifiers: string[];
}

type Edit = (text: string, random: () => number) => string;

function replaceNth(text: string, pattern: RegExp, random: () => number, replace: (match: RegExpExecArray) => string): string {
  const matches = [...text.matchAll(new RegExp(pattern.source, "g"))];
  if (matches.length === 0) return text;
  const m = matches[Math.floor(random() * matches.length)]!;
  return text.slice(0, m.index) + replace(m as RegExpExecArray) + text.slice(m.index! + m[0].length);
}

function edits(vocab: Vocabulary): Edit[] {
  const pick = <T>(xs: T[], random: () => number) => xs[Math.floor(random() * xs.length)]!;
  return [
    // Rename a class where it is declared (the DAGs that import it turn red, or a clash appears).
    (t, r) => replaceNth(t, /class (\w+)/, r, () => `class ${pick(vocab.classes, r)}`),
    // Give a class another label (duplicate-label comes and goes, graphs rename nodes).
    (t, r) => replaceNth(t, /static label = "\w+"/, r, () => `static label = "${pick(vocab.labels, r)}"`),
    // Swap one entry of a task list for another class.
    (t, r) => replaceNth(t, /static (tasks|evalTasks) = \[(\w+)/, r, (m) => `static ${m[1]} = [${pick(vocab.classes, r)}`),
    // Add an entry at the front of a task list.
    (t, r) => replaceNth(t, /static tasks = \[/, r, () => `static tasks = [${pick(vocab.classes, r)}, `),
    // Drop the first entry of a task list.
    (t, r) => replaceNth(t, /static tasks = \[\w+(\.\w+)?, /, r, () => "static tasks = ["),
    // Stop or start exporting a class.
    (t, r) => replaceNth(t, /export class /, r, () => "class "),
    (t, r) => replaceNth(t, /\nclass /, r, () => "\nexport class "),
    // Make the first entry wait for another class (.after), or point an import at another module.
    (t, r) => replaceNth(t, /static tasks = \[(\w+)/, r, (m) => `static tasks = [${m[1]}.after(${pick(vocab.classes, r)})`),
    (t, r) => replaceNth(t, /from "[^"]+"/, r, () => `from "${pick(vocab.specifiers, r)}"`),
    // Switch a default export to a named one and back.
    (t, r) => replaceNth(t, /export default class/, r, () => "export class"),
    (t, r) => replaceNth(t, /export class (\w+) extends Task/, r, (m) => `export default class ${m[1]} extends Task`),
    // Cut or restore a re-export.
    (t, r) => replaceNth(t, /export \* from/, r, () => "import * as _unused from"),
    (t, r) => replaceNth(t, /import \* as _unused from/, r, () => "export * from"),
  ];
}

/** Every published diagnostic (missing = none) and every answer the graph view would ask for. */
async function snapshot(lsp: LspSession, files: string[]): Promise<{ diagnostics: Record<string, unknown>; index: unknown }> {
  const diagnostics = Object.fromEntries(files.map((rel) => [rel, lsp.latest(rel)?.diagnostics ?? []]));
  const list = await lsp.request(DagListRequest, {});
  const byLabel = <T extends { label: string; location: { uri: string } }>(xs: T[]) =>
    [...xs].sort((a, b) => a.label.localeCompare(b.label) || a.location.uri.localeCompare(b.location.uri));
  const graphs: Record<string, unknown> = {};
  for (const d of list.dags) graphs[d.label] = await lsp.request(DagGraphRequest, { label: d.label });
  return { diagnostics, index: { dags: byLabel(list.dags), tasks: byLabel(list.tasks), graphs } };
}

for (const c of CASES) {
  describe(`differential fuzz: incremental vs cold index (fixture: ${c.fixture}, edits via ${c.via})`, function () {
    this.timeout(120_000);
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
    let lsp!: LspSession;
    before(() => console.log(`      fuzz seed: ${seed} (replay with FUZZ_SEED=${seed})`));
    serveFixture(c.fixture, (session) => (lsp = session));

    it(`after ${EDITS} random edits, the edited server and a cold one on the same texts agree`, async () => {
      await lsp.waitForDiagnostics(c.settle);
      const files = c.dirs.flatMap((dir) => tsFiles(lsp.root, dir)).sort();
      if (c.via === "buffers") for (const rel of files) await lsp.open(rel);
      const vocab = vocabulary(files.map((rel) => lsp.text(rel)));
      const kinds = edits(vocab);
      const random = mulberry32(seed);
      for (let i = 0; i < EDITS; i++) {
        const rel = files[Math.floor(random() * files.length)]!;
        const edit = kinds[Math.floor(random() * kinds.length)]!;
        const text = lsp.text(rel);
        const next = edit(text, random);
        if (next === text) continue;
        if (c.via === "buffers") await lsp.change(rel, next);
        else {
          writeFileSync(lsp.path(rel), next);
          await lsp.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: lsp.uri(rel), type: FileChangeType.Changed }] });
        }
        // Asked along the way, the DAGs using each task are brought up to date edit by edit (features/task-usage.ts).
        if (i % ASK_EVERY === 0) await lsp.request(DagListRequest, {});
      }
      // Save every buffer: the cold server reads the same texts from disk.
      if (c.via === "buffers") for (const rel of files) writeFileSync(lsp.path(rel), lsp.text(rel));

      const cold = await LspSession.start(lsp.root, { progress: true });
      try {
        await cold.indexed();
        const same = () => (diffFiles(files, lsp, cold) === "" ? true : undefined);
        await lsp.waitFor(same, 20_000, () => `the same diagnostics from both servers (seed ${seed}); differing: ${diffFiles(files, lsp, cold)}`, [cold]);
        const [edited, fresh] = [await snapshot(lsp, files), await snapshot(cold, files)];
        assert.deepEqual(edited.diagnostics, fresh.diagnostics, `diagnostics (seed ${seed})`);
        assert.deepEqual(edited.index, fresh.index, `gluepy/dags and gluepy/graph (seed ${seed})`);
      } finally {
        await cold.close();
      }
    });
  });
}

function diffFiles(files: string[], a: LspSession, b: LspSession): string {
  return files
    .filter((rel) => JSON.stringify(a.latest(rel)?.diagnostics ?? []) !== JSON.stringify(b.latest(rel)?.diagnostics ?? []))
    .map((rel) => `${rel}: edited ${JSON.stringify(a.latest(rel)?.diagnostics ?? [])}, cold ${JSON.stringify(b.latest(rel)?.diagnostics ?? [])}`)
    .join("; ");
}
