// `npm run package [-- --target <t>|all] [--no-build]`: builds the bundles (minified), then writes
// dist/packages/gluepy-<version>.tgz (the `gluepy` npm package) and the extension's
// dist/packages/gluepy-<target>-<version>.vsix for the target asked (default: this machine's).
// --no-build packs dist/ as it is (the end-to-end tests package what they built).
import { execFileSync } from "node:child_process";
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { packRuntime } from "./package-runtime.mjs";
import { hostTarget, packVsix, TARGETS } from "./package-vsix.mjs";

function usage(message) {
  console.error(`package: ${message} Usage: npm run package -- [--target ${Object.keys(TARGETS).join("|")}|all] [--no-build]`);
  process.exit(2);
}

let options;
try {
  options = parseArgs({ options: { target: { type: "string" }, "no-build": { type: "boolean" } }, allowPositionals: false }).values;
} catch (e) {
  usage(`${e.message}.`);
}
const target = options.target ?? hostTarget();
if (!target) usage(`this machine (${process.platform}-${process.arch}) is no VS Code target the extension is built for; name one with --target.`);
const targets = target === "all" ? Object.keys(TARGETS) : [target];
for (const t of targets) if (!(t in TARGETS)) usage(`unknown target '${t}'.`);

if (!options["no-build"]) execFileSync(process.execPath, ["esbuild.config.mjs", "--minify"], { stdio: "inherit" });
const tarball = packRuntime();
console.log(`${relative(process.cwd(), tarball)}  (npm package gluepy)`);
for (const t of targets) {
  const vsix = packVsix(t);
  console.log(`${relative(process.cwd(), vsix.path)}  ${(vsix.bytes / 1e6).toFixed(1)} MB`);
}
