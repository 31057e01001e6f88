// Which project a file belongs to, on real folders.

import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { projectDirOf } from "../src/project";

describe("project of a file", () => {
  let ws: string;
  beforeEach(() => (ws = mkdtempSync(path.join(tmpdir(), "gluepy-ws-"))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it("is the nearest folder with gluepy.config.ts, even above a nested package.json", () => {
    mkdirSync(path.join(ws, "forecast", "src", "lib"), { recursive: true });
    writeFileSync(path.join(ws, "forecast", "gluepy.config.ts"), "");
    writeFileSync(path.join(ws, "forecast", "src", "package.json"), "{}");
    assert.equal(projectDirOf(path.join(ws, "forecast", "src", "lib", "dags.ts"), ws), path.join(ws, "forecast"));
  });

  it("falls back to the nearest package.json, then to the workspace folder", () => {
    mkdirSync(path.join(ws, "app", "src"), { recursive: true });
    writeFileSync(path.join(ws, "app", "package.json"), "{}");
    assert.equal(projectDirOf(path.join(ws, "app", "src", "dags.ts"), ws), path.join(ws, "app"));
    mkdirSync(path.join(ws, "loose"));
    assert.equal(projectDirOf(path.join(ws, "loose", "dags.ts"), ws), ws);
  });

  it("never looks above the workspace folder", () => {
    const inner = path.join(ws, "inner");
    mkdirSync(path.join(inner, "src"), { recursive: true });
    writeFileSync(path.join(ws, "gluepy.config.ts"), "");
    assert.equal(projectDirOf(path.join(inner, "src", "dags.ts"), inner), inner);
  });
});
