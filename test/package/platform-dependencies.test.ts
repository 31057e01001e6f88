// `npm ci` works on every platform: no package that holds one platform's native binary is a hard dependency
// of the repository, and the lock records every target's as optional, for npm to pick the machine's.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { REPO } from "./support/packages";

const isPlatformPackage = (name: string) => /^nodejs-polars-|^@esbuild\//.test(name);

describe("platform packages in package.json and the lock", () => {
  const pkg = JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as Record<string, Record<string, string> | undefined>;
  const lock = JSON.parse(readFileSync(join(REPO, "package-lock.json"), "utf8")) as { packages: Record<string, { optional?: boolean; dev?: boolean; devOptional?: boolean }> };

  it("package.json depends on no platform's binary package", () => {
    for (const field of ["dependencies", "devDependencies", "optionalDependencies"])
      assert.deepEqual(Object.keys(pkg[field] ?? {}).filter(isPlatformPackage), [], field);
  });

  it("the lock has each target's polars and esbuild binary, optional", () => {
    for (const name of ["nodejs-polars-linux-x64-gnu", "nodejs-polars-linux-arm64-gnu", "nodejs-polars-darwin-x64", "nodejs-polars-darwin-arm64", "nodejs-polars-win32-x64-msvc", "@esbuild/linux-x64", "@esbuild/linux-arm64", "@esbuild/darwin-x64", "@esbuild/darwin-arm64", "@esbuild/win32-x64"]) {
      const entry = lock.packages[`node_modules/${name}`];
      assert.ok(entry, `${name} is in the lock`);
      assert.ok(entry.optional, `${name} is optional`);
    }
  });
});
