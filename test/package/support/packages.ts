// The packages as `npm run package` writes them, made once per test process from dist/ as built, and
// commands run in temporary projects outside the repository the way a user runs them (npm and npx from
// the PATH, npm's own cache and registry).

import { execFile, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

export const REPO = resolve(__dirname, "../../..");
export const VERSION = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;

let built = false;
function ensureBuilt(): void {
  if (built) return;
  execFileSync(process.execPath, ["esbuild.config.mjs"], { cwd: REPO, stdio: "inherit" });
  built = true;
}

let tarball: string | undefined;
/** dist/packages/gluepy-<version>.tgz, packed from the current build. */
export function runtimeTarball(): string {
  if (tarball) return tarball;
  ensureBuilt();
  const script = `import(${JSON.stringify(join(REPO, "scripts/package-runtime.mjs"))}).then((m) => process.stdout.write(m.packRuntime()))`;
  tarball = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: REPO, encoding: "utf8", env: userEnv() });
  return tarball;
}

const vsixes = new Map<string, string>();
/** dist/packages/gluepy-<target>-<version>.vsix, packed from the current build. */
export function targetVsix(target: string): string {
  const made = vsixes.get(target);
  if (made) return made;
  ensureBuilt();
  const script = `import(${JSON.stringify(join(REPO, "scripts/package-vsix.mjs"))}).then((m) => process.stdout.write(m.packVsix(${JSON.stringify(target)}).path))`;
  const path = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: REPO, encoding: "utf8", env: userEnv() });
  vsixes.set(target, path);
  return path;
}

/** The environment of a user's shell: not the test runner's tsx loader. */
export function userEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const { NODE_OPTIONS: _tsx, ...env } = process.env;
  return { ...env, NO_COLOR: "1", npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false", ...extra };
}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program (npm, npx, node) in `cwd` to its end. */
export async function sh(cwd: string, file: string, args: string[], timeoutMs = 240_000): Promise<Result> {
  try {
    const { stdout, stderr } = await promisify(execFile)(file, args, { cwd, env: userEnv(), timeout: timeoutMs, maxBuffer: 64 << 20 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as { code?: number | string; stdout?: string; stderr?: string; message: string };
    return { code: typeof err.code === "number" ? err.code : 1, stdout: err.stdout ?? "", stderr: err.stderr ?? err.message };
  }
}

/** A new empty folder outside the repository holding a package.json; removed by `cleanup()`. */
export class OutsideProject {
  readonly dir = mkdtempSync(join(tmpdir(), "gluepy-user-"));

  constructor(packageJson: object = { name: "user-project", version: "1.0.0", private: true }) {
    writeFileSync(join(this.dir, "package.json"), JSON.stringify(packageJson, null, 2) + "\n");
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
