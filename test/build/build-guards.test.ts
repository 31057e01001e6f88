// What the build refuses, on a copy of the tree: an import that crosses a part's boundary (the server or
// shared/ importing vscode, the webview or shared/ importing Node, shared/ using the DOM) fails `tsc -b` and
// `npm run build` naming the file and the import; a missing bundle entry point fails esbuild.config.mjs.

import { strict as assert } from "node:assert";
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";

const REPO = path.resolve(__dirname, "../..");
const run = promisify(execFile);

interface Outcome {
  code: number;
  output: string;
}

async function inCopy(copy: string, command: string, args: string[]): Promise<Outcome> {
  try {
    const { stdout, stderr } = await run(command, args, { cwd: copy, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, output: stdout + stderr };
  } catch (e) {
    const failed = e as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === "number" ? failed.code : -1, output: `${failed.stdout ?? ""}${failed.stderr ?? ""}` };
  }
}

/** The files git would keep (tracked and new, not ignored), copied; node_modules linked, not copied. */
async function copyTree(): Promise<string> {
  const copy = mkdtempSync(path.join(tmpdir(), "gluepy-build-guards-"));
  const { stdout } = await run("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: REPO, maxBuffer: 64 * 1024 * 1024 });
  for (const file of stdout.split("\0").filter(Boolean)) {
    try {
      cpSync(path.join(REPO, file), path.join(copy, file), { recursive: true });
    } catch (e) {
      // A file deleted in the working tree but still in the index is simply not part of the copy.
      if ((e as NodeJS.ErrnoException).code !== "ENOENT") throw e;
    }
  }
  symlinkSync(path.join(REPO, "node_modules"), path.join(copy, "node_modules"));
  return copy;
}

const tsc = (copy: string, project: string) => inCopy(copy, process.execPath, [path.join(REPO, "node_modules/typescript/bin/tsc"), "-b", project]);

describe("build guards: a wrong import or a missing entry point fails the build", function () {
  this.timeout(600_000);
  let copy: string;

  before(async () => {
    copy = await copyTree();
  });

  after(() => rmSync(copy, { recursive: true, force: true }));

  /** Adds `file` with `source` to the copy, builds `project` with `tsc -b`, removes the file again. */
  async function buildWith(project: string, file: string, source: string): Promise<Outcome> {
    writeFileSync(path.join(copy, file), source);
    try {
      return await tsc(copy, project);
    } finally {
      unlinkSync(path.join(copy, file));
    }
  }

  it("the parts build as they are (the failures below come from the added import alone)", async () => {
    for (const project of ["shared", "server", "media"]) {
      const outcome = await tsc(copy, project);
      assert.equal(outcome.code, 0, `tsc -b ${project} failed on the copy as it is:\n${outcome.output}`);
    }
  });

  it("the language server importing vscode fails, naming the file and why", async () => {
    const outcome = await buildWith("server", "server/src/wrong-import.ts", 'import * as vscode from "vscode";\nexport const shown = vscode.window;\n');
    assert.notEqual(outcome.code, 0);
    assert.match(outcome.output, /server\/src\/wrong-import\.ts\(1,25\): error TS2306: File '.*scripts\/tsconfig\/vscode-is-client-only\.d\.ts' is not a module/);
  });

  it("the webview importing Node fails, naming the file and the module", async () => {
    const outcome = await buildWith("media", "media/src/wrong-import.ts", 'import { readFileSync } from "node:fs";\nexport const read = readFileSync;\n');
    assert.notEqual(outcome.code, 0);
    assert.match(outcome.output, /media\/src\/wrong-import\.ts\(1,30\): error TS\d+: Cannot find (module|name) 'node:fs'/);
  });

  it("shared/ stays pure: no vscode, no Node, no DOM", async () => {
    const vscode = await buildWith("shared", "shared/wrong-import.ts", 'import type { Uri } from "vscode";\nexport type Where = Uri;\n');
    assert.match(vscode.output, /shared\/wrong-import\.ts\(1,26\): error TS2306: .*vscode-is-client-only\.d\.ts' is not a module/);
    const node = await buildWith("shared", "shared/wrong-import.ts", "export const cwd = () => process.cwd();\n");
    assert.match(node.output, /shared\/wrong-import\.ts\(1,26\): error TS\d+: Cannot find name 'process'/);
    const dom = await buildWith("shared", "shared/wrong-import.ts", "export const title = () => document.title;\n");
    assert.match(dom.output, /shared\/wrong-import\.ts\(1,28\): error TS\d+: Cannot find name 'document'/);
  });

  it("npm run build stops at a wrong import before bundling anything", async () => {
    writeFileSync(path.join(copy, "server/src/wrong-import.ts"), 'import * as vscode from "vscode";\nexport const shown = vscode.window;\n');
    try {
      const outcome = await inCopy(copy, "npm", ["run", "build"]);
      assert.notEqual(outcome.code, 0);
      assert.match(outcome.output, /server\/src\/wrong-import\.ts\(1,25\): error TS2306/);
      assert.ok(!existsSync(path.join(copy, "dist")), "esbuild bundled although the type check failed");
    } finally {
      unlinkSync(path.join(copy, "server/src/wrong-import.ts"));
    }
  });

  it("a missing entry point fails esbuild.config.mjs with exit 2, naming it", async () => {
    const entry = path.join(copy, "media/src/layout/elk-worker.ts");
    const kept = path.join(copy, "elk-worker.ts.kept");
    cpSync(entry, kept);
    unlinkSync(entry);
    try {
      const outcome = await inCopy(copy, process.execPath, ["esbuild.config.mjs"]);
      assert.equal(outcome.code, 2);
      assert.match(outcome.output, /entry point not found: media\/src\/layout\/elk-worker\.ts \(webview\)/);
    } finally {
      cpSync(kept, entry);
    }
  });
});
