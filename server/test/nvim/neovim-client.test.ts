// A second, real editor client: headless Neovim 0.7 (vim.lsp.start_client) opens the diagnostics
// fixture and must receive exactly the diagnostics and code lenses our own test client receives.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CodeLensRequest, type CodeLens, type Diagnostic } from "vscode-languageserver-protocol";
import { Commands } from "../../../shared/protocol";
import { ensureServerBuilt } from "../support/build-server";
import { copyFixture, removeWorkspace } from "../support/fixture-workspace";
import { LspSession } from "../support/lsp-session";

const FILES = ["src/clean.ts", "src/unknown-task.ts", "src/cycle.ts", "src/duplicate-task.ts", "src/dup-one.ts", "src/tasks.ts"];

interface Received {
  diagnostics: Record<string, Diagnostic[] | undefined>;
  lenses: Record<string, CodeLens[] | null>;
}

interface NeovimReceived extends Received {
  root: string;
  /** The diagnostics of src/unknown-task.ts cleared after Neovim deleted the bad entry in its buffer. */
  clearedAfterFix: boolean;
}

/** What our own client receives for FILES: the reference Neovim must match. */
async function referenceSession(): Promise<Received> {
  const root = copyFixture("diagnostics");
  const lsp = await LspSession.start(root, { open: FILES });
  try {
    const received: Received = { diagnostics: {}, lenses: {} };
    // The problem files settle on a non-empty list; then the index is complete for all of them.
    for (const rel of FILES.filter((f) => !["src/clean.ts", "src/tasks.ts"].includes(f))) await lsp.waitForDiagnostics(rel, (d) => d.length > 0);
    await lsp.waitForDiagnostics("src/clean.ts");
    for (const rel of FILES) {
      received.diagnostics[rel] = lsp.latest(rel)?.diagnostics;
      received.lenses[rel] = await lsp.request<CodeLens[] | null>(CodeLensRequest.method, { textDocument: { uri: lsp.uri(rel) } });
    }
    return received;
  } finally {
    await lsp.close();
    removeWorkspace(root);
  }
}

/** Runs Neovim headless on a fresh copy; resolves with what it received, keyed by workspace-relative path. */
async function neovimSession(expectCounts: number[]): Promise<NeovimReceived> {
  const server = await ensureServerBuilt();
  const root = copyFixture("diagnostics");
  const home = mkdtempSync(join(tmpdir(), "gluepy-lsv-nvim-"));
  for (const d of ["config", "data", "cache", "state"]) mkdirSync(join(home, d));
  const out = join(home, "received.json");
  const child = spawn("nvim", ["--headless", "--clean", "-u", join(__dirname, "init.lua")], {
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: join(home, "config"),
      XDG_DATA_HOME: join(home, "data"),
      XDG_CACHE_HOME: join(home, "cache"),
      XDG_STATE_HOME: join(home, "state"),
      LSV_ROOT: root,
      LSV_OUT: out,
      LSV_NODE: process.execPath,
      LSV_SERVER: server,
      LSV_FILES: FILES.join(","),
      LSV_EXPECT: expectCounts.join(","),
      LSV_FIX_FILE: "src/unknown-task.ts",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.on("data", (d) => (output += d));
  child.stderr.on("data", (d) => (output += d));
  const code = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`nvim did not finish within 40 s:\n${output}`));
    }, 40_000);
    child.on("exit", (c) => {
      clearTimeout(timer);
      resolve(c);
    });
  });
  try {
    assert.equal(code, 0, `nvim exited ${code}:\n${output}`);
    const raw = JSON.parse(readFileSync(out, "utf8")) as {
      diagnostics: Record<string, Diagnostic[]>;
      lenses: Record<string, CodeLens[] | null>;
      error: string | null;
      after_fix?: boolean;
    };
    assert.equal(raw.error, null, `nvim: ${raw.error}`);
    // Keyed by path relative to the copy, so the two sessions compare although their folders differ.
    const byRel = <T>(m: Record<string, T>) =>
      Object.fromEntries(FILES.map((rel) => [rel, Object.entries(m).find(([uri]) => decodeURIComponent(uri).endsWith(`/${rel}`))?.[1]]));
    return { root, diagnostics: byRel(raw.diagnostics), lenses: byRel(raw.lenses) as Record<string, CodeLens[] | null>, clearedAfterFix: raw.after_fix === true };
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe("headless Neovim as a second LSP client (fixture: diagnostics)", function () {
  this.timeout(90_000);
  let reference: Received;
  let nvim: NeovimReceived;

  before(async () => {
    reference = await referenceSession();
    const counts = FILES.map((rel) => reference.diagnostics[rel]?.length ?? -1);
    nvim = await neovimSession(counts);
  });
  after(() => nvim && removeWorkspace(nvim.root));

  it("receives the same diagnostics (codes, ranges, severities, messages, related information)", () => {
    for (const rel of FILES) {
      const ours = reference.diagnostics[rel];
      const theirs = nvim.diagnostics[rel];
      if (ours === undefined) {
        assert.ok(theirs === undefined || theirs.length === 0, `${rel}: Neovim got ${JSON.stringify(theirs)}`);
        continue;
      }
      assert.deepEqual(withoutRoot(theirs), withoutRoot(ours), rel);
    }
    assert.deepEqual(
      nvim.diagnostics["src/cycle.ts"]?.map((d) => d.code),
      ["cycle"],
    );
  });

  it("receives the same code lenses (ranges, commands, arguments), including Run DAG above a DAG", () => {
    for (const rel of FILES) {
      assert.deepEqual(withoutRoot(nvim.lenses[rel] ?? []), withoutRoot(reference.lenses[rel] ?? []), rel);
    }
    assert.ok((nvim.lenses["src/clean.ts"] ?? []).some((l) => l.command?.command === Commands.runDag && l.command.arguments?.[0] === "clean"));
    assert.ok((nvim.lenses["src/tasks.ts"] ?? []).some((l) => l.command?.command === Commands.runTask && l.command.arguments?.[0] === "a"));
  });

  it("follows Neovim's own buffer edits: deleting the unknown entry clears the error", () => {
    assert.equal(nvim.clearedAfterFix, true);
  });
});

/** The two sessions run on two copies of the fixture: replace each copy's folder in uris and in paths (a lens names its project folder). */
function withoutRoot<T>(value: T): T {
  return JSON.parse(
    JSON.stringify(value ?? null)
      .replace(/file:\/\/[^"]*?\/gluepy-lsv-diagnostics-[^/"]+/g, "file://ROOT")
      .replace(/"[^"]*?\/gluepy-lsv-diagnostics-[^/"]+/g, '"ROOT'),
  ) as T;
}
