// Fixture workspaces: each suite works on a fresh copy in a temp folder, so edits on disk never
// touch the checked-in fixtures and suites can run side by side.

import { cpSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const FIXTURES = resolve(__dirname, "../fixtures");

export function copyFixture(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), `gluepy-lsv-${name}-`));
  cpSync(join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

export function removeWorkspace(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
