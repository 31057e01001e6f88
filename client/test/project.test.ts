// Which project a file belongs to, on real folders (the rule is shared/project-of-file.ts; this is the disk side).

import { strict as assert } from "node:assert";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { isProjectDir, projectDirOf } from "../src/project";

describe("project of a file", () => {
  let ws: string;
  beforeEach(() => (ws = mkdtempSync(path.join(tmpdir(), "gluepy-ws-"))));
  afterEach(() => rmSync(ws, { recursive: true, force: true }));

  it("is the nearest folder with gluepy.config.ts, even above a package.json that does not depend on gluepy", () => {
    mkdirSync(path.join(ws, "forecast", "src", "lib"), { recursive: true });
    writeFileSync(path.join(ws, "forecast", "gluepy.config.ts"), "");
    writeFileSync(path.join(ws, "forecast", "src", "package.json"), "{}");
    assert.equal(projectDirOf(path.join(ws, "forecast", "src", "lib", "dags.ts"), [ws]), path.join(ws, "forecast"));
  });

  it("is a folder whose package.json depends on gluepy; a package.json without it makes no project", () => {
    mkdirSync(path.join(ws, "app", "src"), { recursive: true });
    writeFileSync(path.join(ws, "app", "package.json"), JSON.stringify({ dependencies: { gluepy: "^0.1.0" } }));
    assert.equal(projectDirOf(path.join(ws, "app", "src", "dags.ts"), [ws]), path.join(ws, "app"));
    mkdirSync(path.join(ws, "web", "src"), { recursive: true });
    writeFileSync(path.join(ws, "web", "package.json"), JSON.stringify({ dependencies: { express: "^5.0.0" } }));
    assert.equal(isProjectDir(path.join(ws, "web")), false);
    assert.equal(projectDirOf(path.join(ws, "web", "src", "server.ts"), [ws]), ws, "outside every project: its workspace folder");
  });

  it("never looks above the workspace folder", () => {
    const inner = path.join(ws, "inner");
    mkdirSync(path.join(inner, "src"), { recursive: true });
    writeFileSync(path.join(ws, "gluepy.config.ts"), "");
    assert.equal(projectDirOf(path.join(inner, "src", "dags.ts"), [inner]), inner);
  });
});
