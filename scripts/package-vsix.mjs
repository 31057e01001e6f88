// The extension as one .vsix per VS Code target: the bundles (without source maps), manifest, grammar and
// webview styles, and the native packages the runtime loads, exactly the target's: nodejs-polars with its
// platform binary and esbuild with its platform binary, one copy each, taken from the npm registry with
// `npm pack` (the machine that packages need not be the target). Staged in a temporary folder and packed
// there by `vsce package --target`, so nothing of this machine's node_modules slips in.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fetchPackage, lockedVersion, TARGETS } from "./native-packages.mjs";

export { hostTarget, TARGETS } from "./native-packages.mjs";

/** Files of the extension the vsix holds (relative to the repository), besides node_modules. */
function extensionFiles(root) {
  const bundles = readdirSync(join(root, "dist"), { recursive: true })
    .map((f) => String(f).split("\\").join("/"))
    .filter((f) => f.endsWith(".js") && /^(client|server|runtime|media)\//.test(f))
    .map((f) => `dist/${f}`);
  // Every webview's stylesheet (the graph's, the Experiments view's, ...): a page without its CSS is unusable.
  const styles = readdirSync(join(root, "media")).filter((f) => f.endsWith(".css")).map((f) => `media/${f}`);
  const media = [...styles, ...(existsSync(join(root, "media/icons")) ? ["media/icons"] : [])];
  return [...bundles, "syntaxes", ...media, ...["LICENSE", "CHANGELOG.md"].filter((f) => existsSync(join(root, f)))];
}

/** Run-time files of a package the vsix carries: no declarations, docs or install scripts. */
const isRunTimeFile = (rel) => !/\.d\.ts$|\.md$|^install\.js$|\.map$/.test(rel);

/** The packages the bundles leave external (esbuild.config.mjs) and require at run time, with their own
 * platform packages. */
const NATIVE_DEPENDENCIES = ["nodejs-polars", "esbuild"];

/** The extension's manifest for the vsix: what the marketplace reads, without the repository's build
 * tooling; its dependencies are the native packages staged, which vsce then includes (`npm list`). */
function vsixManifest(repo) {
  const { scripts: _scripts, devDependencies: _dev, dependencies, bin: _bin, ...manifest } = repo;
  return { ...manifest, dependencies: Object.fromEntries(NATIVE_DEPENDENCIES.map((name) => [name, dependencies[name]])) };
}

/** Stages and packs the vsix of one target; returns its path and size in bytes. */
export function packVsix(target, root = process.cwd(), { readme } = {}) {
  const natives = TARGETS[target];
  if (!natives) throw new Error(`unknown target '${target}'; use one of ${Object.keys(TARGETS).join(", ")} or all.`);
  const repo = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  // Each packing stages apart (test processes may pack at once); the vsix is moved into place whole.
  const stage = mkdtempSync(join(tmpdir(), `gluepy-vsix-${target}-`));
  try {
    return packStaged(target, root, repo, natives, stage, readme);
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}

function packStaged(target, root, repo, natives, stage, readme) {
  const cacheDir = join(root, ".cache", "native-packages");
  for (const f of extensionFiles(root)) cpSync(join(root, f), join(stage, f), { recursive: true });
  writeFileSync(join(stage, "package.json"), JSON.stringify(vsixManifest(repo), null, 2) + "\n");
  for (const [name, versionOf] of [
    ["nodejs-polars", "nodejs-polars"],
    [natives.polars, "nodejs-polars"],
    ["esbuild", "esbuild"],
    [natives.esbuild, "esbuild"],
  ]) {
    const from = fetchPackage(root, cacheDir, name, lockedVersion(root, versionOf));
    cpSync(from, join(stage, "node_modules", name), { recursive: true, filter: (src) => statSync(src).isDirectory() || isRunTimeFile(src.slice(from.length + 1).split("\\").join("/")) });
  }
  // Every file staged goes in.
  writeFileSync(join(stage, ".vscodeignore"), ".vscodeignore\n");
  const out = join(stage, "gluepy.vsix");
  const vsce = join(dirname(createRequire(join(root, "package.json")).resolve("@vscode/vsce/package.json")), "vsce");
  const args = ["package", "--target", target, "--allow-missing-repository", "--no-rewrite-relative-links", "--out", out];
  if (!existsSync(join(stage, "LICENSE"))) args.push("--skip-license");
  // vsce reads the README from inside the folder it packs.
  cpSync(readme ?? marketplaceReadme(root), join(stage, "README.md"));
  try {
    execFileSync(process.execPath, [vsce, ...args], { cwd: stage, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  } catch (e) {
    throw new Error(`vsce package --target ${target} failed:\n${e.stdout ?? ""}${e.stderr ?? ""}`);
  }
  const written = join(root, "dist", "packages", `gluepy-${target}-${repo.version}.vsix`);
  mkdirSync(dirname(written), { recursive: true });
  // A rename within one file system is whole; across file systems (a tmpfs /tmp) copy, then rename.
  const beside = `${written}.${process.pid}`;
  cpSync(out, beside);
  renameSync(beside, written);
  return { path: written, bytes: statSync(written).size };
}

/** The marketplace page: the user's README the docs write (docs/marketplace.md), else the repository's. */
function marketplaceReadme(root) {
  const forUsers = join(root, "docs", "marketplace.md");
  return existsSync(forUsers) ? forUsers : join(root, "README.md");
}
