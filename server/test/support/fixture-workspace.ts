// Fixture workspaces: each suite works on a fresh copy in a temp folder, so edits on disk never
// touch the checked-in fixtures and suites can run side by side.

import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { LspSession, type SessionOptions } from "./lsp-session";

export const FIXTURES = resolve(__dirname, "../fixtures");

export function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `gluepy-lsv-${name}-`));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export function removeWorkspace(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Mocha hooks for a suite that talks to one server on a fresh copy of a fixture: `before` copies the
 * fixture (then runs `prepare` on the copy) and starts the server, `after` stops it and deletes the copy.
 */
export function serveFixture(
  name: string,
  onStart: (lsp: LspSession) => void,
  options: SessionOptions & { prepare?: (root: string) => void } = {},
): void {
  let root: string | undefined;
  let lsp: LspSession | undefined;
  before(async () => {
    root = copyFixture(name);
    options.prepare?.(root);
    lsp = await LspSession.start(root, options);
    onStart(lsp);
  });
  after(async () => {
    await lsp?.close();
    if (root) removeWorkspace(root);
  });
}
