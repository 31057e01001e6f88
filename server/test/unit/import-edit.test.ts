// Import specifiers written by quick fixes and completion: relative, extensionless or .js as the project does.

import * as assert from "node:assert/strict";
import { specifier } from "../../src/features/import-edit";

describe("specifier", () => {
  it("writes a relative path without extension, folders for index files", () => {
    assert.equal(specifier("/w/src/dags.ts", "/w/src/tasks.ts", false), "./tasks");
    assert.equal(specifier("/w/src/dags/a.ts", "/w/src/tasks/b.ts", false), "../tasks/b");
    assert.equal(specifier("/w/src/dags.ts", "/w/src/lib/index.ts", false), "./lib");
  });

  it("adds .js when the file's other relative imports use it", () => {
    assert.equal(specifier("/w/src/dags.ts", "/w/src/tasks.ts", true), "./tasks.js");
    assert.equal(specifier("/w/src/dags.ts", "/w/src/m.mts", true), "./m.mjs");
  });
});
