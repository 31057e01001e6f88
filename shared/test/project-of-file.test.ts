import { strict as assert } from "node:assert";
import { dependsOnGluepy, isProjectFolder, projectOfFile } from "../project-of-file";

const projects = (...dirs: string[]) => (dir: string) => dirs.includes(dir);

describe("which project a file belongs to (shared/project-of-file)", () => {
  it("a project folder holds gluepy.config.ts or a package.json depending on gluepy", () => {
    assert.equal(isProjectFolder({ hasConfig: true }), true);
    assert.equal(isProjectFolder({ hasConfig: false, packageJson: '{"dependencies":{"gluepy":"^1.0.0"}}' }), true);
    assert.equal(isProjectFolder({ hasConfig: false, packageJson: '{"devDependencies":{"gluepy":"file:../gluepy"}}' }), true);
    assert.equal(isProjectFolder({ hasConfig: false, packageJson: '{"name":"web","dependencies":{"react":"19"}}' }), false);
    assert.equal(isProjectFolder({ hasConfig: false }), false);
    assert.equal(dependsOnGluepy("{ not json"), false);
  });

  it("the nearest project folder above the file wins (a monorepo's packages)", () => {
    const isProject = projects("/ws/forecast", "/ws/churn", "/ws");
    assert.equal(projectOfFile("/ws/forecast/src/tasks.ts", ["/ws"], isProject), "/ws/forecast");
    assert.equal(projectOfFile("/ws/churn/src/deep/tasks.ts", ["/ws"], isProject), "/ws/churn");
    assert.equal(projectOfFile("/ws/scripts/x.ts", ["/ws"], isProject), "/ws");
  });

  it("a file in no project belongs to the innermost workspace folder holding it", () => {
    assert.equal(projectOfFile("/ws/a/src/x.ts", ["/ws", "/ws/a"], projects()), "/ws/a");
    assert.equal(projectOfFile("/ws/b/x.ts", ["/ws/", "/ws/a"], projects()), "/ws");
  });

  it("never looks above the workspace folder holding the file", () => {
    assert.equal(projectOfFile("/repo/app/src/x.ts", ["/repo/app"], projects("/repo")), "/repo/app");
  });

  it("a file outside every workspace folder: the nearest project above it, else its own folder", () => {
    assert.equal(projectOfFile("/elsewhere/p/src/x.ts", ["/ws"], projects("/elsewhere/p")), "/elsewhere/p");
    assert.equal(projectOfFile("/elsewhere/x.ts", ["/ws"], projects()), "/elsewhere");
    assert.equal(projectOfFile("/x.ts", [], projects()), "/");
  });

  it("Windows paths", () => {
    const isProject = projects("C:\\ws\\forecast");
    assert.equal(projectOfFile("C:\\ws\\forecast\\src\\t.ts", ["C:\\ws"], isProject), "C:\\ws\\forecast");
    assert.equal(projectOfFile("C:\\ws\\other\\t.ts", ["C:\\ws"], isProject), "C:\\ws");
    assert.equal(projectOfFile("C:\\t.ts", [], projects()), "C:\\");
  });
});
