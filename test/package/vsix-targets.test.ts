// The extension's .vsix per VS Code target: each holds that platform's nodejs-polars and esbuild binaries,
// one copy each, and no other platform's; no source maps or declarations; the manifest names the target.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { REPO, sh, targetVsix, VERSION } from "./support/packages";

/** Target → the native binaries its vsix must hold (under extension/node_modules/). */
const EXPECTED: Record<string, string[]> = {
  "linux-x64": ["nodejs-polars-linux-x64-gnu/nodejs-polars.linux-x64-gnu.node", "@esbuild/linux-x64/bin/esbuild"],
  "linux-arm64": ["nodejs-polars-linux-arm64-gnu/nodejs-polars.linux-arm64-gnu.node", "@esbuild/linux-arm64/bin/esbuild"],
  "darwin-x64": ["nodejs-polars-darwin-x64/nodejs-polars.darwin-x64.node", "@esbuild/darwin-x64/bin/esbuild"],
  "darwin-arm64": ["nodejs-polars-darwin-arm64/nodejs-polars.darwin-arm64.node", "@esbuild/darwin-arm64/bin/esbuild"],
  "win32-x64": ["nodejs-polars-win32-x64-msvc/nodejs-polars.win32-x64-msvc.node", "@esbuild/win32-x64/esbuild.exe"],
};

const isNativeBinary = (f: string) => f.endsWith(".node") || /@esbuild\/[^/]+\/(bin\/esbuild|esbuild\.exe)$/.test(f);

describe("the extension's vsix per target", function () {
  this.timeout(600_000);

  for (const [target, binaries] of Object.entries(EXPECTED)) {
    it(`${target}: its own polars and esbuild binaries, one copy each, and no other platform's`, () => {
      const vsix = targetVsix(target);
      assert.equal(vsix, join(REPO, "dist", "packages", `gluepy-${target}-${VERSION}.vsix`));
      const files = execFileSync("unzip", ["-Z1", vsix], { encoding: "utf8" }).split("\n").filter(Boolean);
      const modules = files.filter((f) => f.startsWith("extension/node_modules/")).map((f) => f.slice("extension/node_modules/".length));
      assert.deepEqual(modules.filter(isNativeBinary).sort(), [...binaries].sort());
      const packages = new Set(modules.map((f) => (f.startsWith("@") ? f.split("/").slice(0, 2).join("/") : f.split("/")[0])));
      assert.deepEqual([...packages].sort(), ["@esbuild/" + target, "esbuild", "nodejs-polars", binaries[0]!.split("/")[0]!].sort());
      for (const f of ["extension/dist/client/extension.js", "extension/dist/server/server.js", "extension/dist/runtime/cli.js", "extension/dist/media/graph.js", "extension/package.json"])
        assert.ok(files.includes(f), f);
      assert.deepEqual(files.filter((f) => f.endsWith(".map") || f.endsWith(".d.ts")), [], "nothing the extension does not load");
      const manifest = execFileSync("unzip", ["-p", vsix, "extension.vsixmanifest"], { encoding: "utf8" });
      assert.match(manifest, new RegExp(`TargetPlatform="${target}"`));
    });
  }

  it("npm run package refuses an unknown target with one line and exit 2", async () => {
    const r = await sh(REPO, process.execPath, ["scripts/package.mjs", "--no-build", "--target", "linux-s390x"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /^package: unknown target 'linux-s390x'\. Usage: npm run package -- \[--target linux-x64\|linux-arm64\|darwin-x64\|darwin-arm64\|win32-x64\|all\] \[--no-build\]\n$/);
  });
});
