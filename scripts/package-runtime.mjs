// The runtime as the npm package `gluepy`: the CLI (bin `gluepy`), the library bundle, its declarations
// (one entry: `import {…} from "gluepy"`), and as dependencies only what the bundles require at run time
// (nodejs-polars, whose own optionalDependencies bring each platform's binary, and esbuild, which compiles
// project TypeScript). Nothing of VS Code. Written as dist/packages/gluepy-<version>.tgz by `npm pack`.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The packages the runtime bundles leave external (esbuild.config.mjs) and so need installed beside them. */
const RUNTIME_DEPENDENCIES = ["nodejs-polars", "esbuild"];

/** The bundles in dist/runtime the package ships; the vendored clients without their source maps (megabytes nobody reads). */
const isShippedRuntimeFile = (file) => file.endsWith(".js") || (file.endsWith(".js.map") && !file.startsWith("vendor/"));

/** package.json of `gluepy`, from the repository's: same version and licence, exact dependency versions. */
export function runtimeManifest(repo) {
  const dependencies = Object.fromEntries(RUNTIME_DEPENDENCIES.map((name) => {
    const version = repo.dependencies?.[name];
    if (!version) throw new Error(`package.json has no dependency ${name}: the runtime package needs it.`);
    return [name, version];
  }));
  return {
    name: "gluepy",
    version: repo.version,
    description: "Gluepy for TypeScript: DAGs of tasks in plain TypeScript, with the gluepy CLI to run, retry and inspect them.",
    license: repo.license,
    keywords: ["dag", "pipeline", "workflow", "tasks", "data-science", "gluepy"],
    engines: { node: repo.engines.node },
    bin: { gluepy: "runtime/cli.js" },
    main: "runtime/gluepy.js",
    types: "types/runtime/src/index.d.ts",
    exports: {
      ".": { types: "./types/runtime/src/index.d.ts", default: "./runtime/gluepy.js" },
      "./package.json": "./package.json",
    },
    files: ["runtime", "types", "README.md", "LICENSE"],
    dependencies,
  };
}

/** Stages the package from dist/ (built) in a temporary folder and packs it; returns the tarball's path.
 * Concurrent packings (test processes) each stage apart and the tarball is moved into place whole. */
export function packRuntime(root = process.cwd()) {
  const repo = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  const dist = join(root, "dist");
  for (const f of ["runtime/cli.js", "runtime/gluepy.js", "types/gluepy/runtime/src/index.d.ts"])
    if (!existsSync(join(dist, f))) throw new Error(`dist/${f} is missing: run "npm run build" first.`);
  const work = mkdtempSync(join(tmpdir(), "gluepy-package-"));
  const stage = join(work, "gluepy");
  try {
    mkdirSync(stage);
    cpSync(join(dist, "runtime"), join(stage, "runtime"), { recursive: true, filter: (src) => statSync(src).isDirectory() || isShippedRuntimeFile(relativeTo(join(dist, "runtime"), src)) });
    cpSync(join(dist, "types", "gluepy"), join(stage, "types"), { recursive: true });
    cpSync(join(root, "packages", "gluepy", "README.md"), join(stage, "README.md"));
    if (existsSync(join(root, "LICENSE"))) cpSync(join(root, "LICENSE"), join(stage, "LICENSE"));
    writeFileSync(join(stage, "package.json"), JSON.stringify(runtimeManifest(repo), null, 2) + "\n");
    const out = execFileSync("npm", ["pack", stage, "--pack-destination", work, "--json", "--loglevel=error"], { cwd: root, encoding: "utf8" });
    const [{ filename }] = JSON.parse(out);
    mkdirSync(join(dist, "packages"), { recursive: true });
    const tarball = join(dist, "packages", `gluepy-${repo.version}.tgz`);
    // Copied beside, then renamed: whole even when the temporary folder is on another file system.
    const beside = `${tarball}.${process.pid}`;
    cpSync(join(work, filename), beside);
    renameSync(beside, tarball);
    return tarball;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function relativeTo(dir, file) {
  return file.slice(dir.length + 1).split("\\").join("/");
}
