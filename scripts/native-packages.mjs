// Which npm packages hold the native binaries the runtime loads (nodejs-polars's, esbuild's), per VS Code
// target, and fetching one from the registry with `npm pack` (the machine that fetches need not be the target).
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";

/** VS Code target → the packages nodejs-polars and esbuild load their binary from on it. */
export const TARGETS = {
  "linux-x64": { polars: "nodejs-polars-linux-x64-gnu", esbuild: "@esbuild/linux-x64" },
  "linux-arm64": { polars: "nodejs-polars-linux-arm64-gnu", esbuild: "@esbuild/linux-arm64" },
  "darwin-x64": { polars: "nodejs-polars-darwin-x64", esbuild: "@esbuild/darwin-x64" },
  "darwin-arm64": { polars: "nodejs-polars-darwin-arm64", esbuild: "@esbuild/darwin-arm64" },
  "win32-x64": { polars: "nodejs-polars-win32-x64-msvc", esbuild: "@esbuild/win32-x64" },
};

/** The target of the machine this runs on, or undefined when the extension is not built for it (musl Linux too). */
export function hostTarget() {
  const t = `${process.platform}-${process.arch}`;
  const musl = process.platform === "linux" && !process.report.getReport().header.glibcVersionRuntime;
  return t in TARGETS && !musl ? t : undefined;
}

/** The version of `name` the repository's lock holds (the one the tests ran with). */
export function lockedVersion(root, name) {
  const lock = JSON.parse(readFileSync(join(root, "package-lock.json"), "utf8"));
  const version = lock.packages?.[`node_modules/${name}`]?.version;
  if (!version) throw new Error(`package-lock.json has no ${name}: run npm install.`);
  return version;
}

/** `npm pack name@version` once into `cacheDir`, extracted: returns the package's folder. Extracted apart and
 * renamed into place, so a concurrent fetch never sees half a package. */
export function fetchPackage(root, cacheDir, name, version) {
  const dir = join(cacheDir, `${name.replace("/", "+")}@${version}`);
  if (existsSync(join(dir, "package", "package.json"))) return join(dir, "package");
  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(`${dir}.tmp-`);
  try {
    const out = execFileSync("npm", ["pack", `${name}@${version}`, "--pack-destination", work, "--json", "--loglevel=error"], { cwd: root, encoding: "utf8" });
    const [{ filename }] = JSON.parse(out);
    execFileSync("tar", ["-xzf", join(work, filename), "-C", work]);
    rmSync(join(work, filename));
    rmSync(dir, { recursive: true, force: true });
    try {
      renameSync(work, dir);
    } catch (e) {
      // Another process put it in place first.
      if (!existsSync(join(dir, "package", "package.json"))) throw e;
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return join(dir, "package");
}
