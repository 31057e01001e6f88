// `gluepy image generate`: the image's name (the one setting both orchestrators read, and its default),
// what the Dockerfile and its ignore file say for a project, and the bad inputs it refuses with a line
// that says what to do. (test/package/docker-image.test.ts runs the Dockerfile's steps with the real package.)

import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DockerfileParser } from "dockerfile-ast";
import { resolveSettings } from "../../src/conf/settings";
import { generateImage } from "../../src/ops/image/generate-image";
import { defaultImageName } from "../../src/ops/image/image-name";
import { type FixtureProject, writeProject } from "./fixture-project";
import { gluepy } from "./gluepy-cli";
import { waitForExit } from "./process";

const DAGS = `import { DAG, Task } from "gluepy";
class A extends Task { run() {} }
export class Only extends DAG { static label = "only"; static tasks = [A]; }
`;

describe("gluepy image generate", function () {
  this.timeout(60_000);
  let project: FixtureProject | undefined;
  afterEach(() => project?.cleanup());

  /** A project that depends on gluepy (from a tarball kept in the project) and has a lock file. */
  function installedProject(settings = "{}", packageJson: object = { name: "@acme/Forecast", private: true, dependencies: { gluepy: "file:vendor/gluepy-0.1.0.tgz", yaml: "^2.0.0" } }) {
    project = writeProject(DAGS, settings);
    writeFileSync(join(project.dir, "package.json"), JSON.stringify(packageJson));
    writeFileSync(join(project.dir, "package-lock.json"), JSON.stringify({ lockfileVersion: 3 }));
    return project;
  }
  const settingsOf = (p: FixtureProject, raw: object = {}) => resolveSettings(raw, p.dir, {});

  it("names the image <package name>:latest by default, as a valid image reference", () => {
    assert.equal(defaultImageName("forecast"), "forecast:latest");
    assert.equal(defaultImageName("@acme/Forecast_v2"), "acme/forecast_v2:latest");
    assert.equal(defaultImageName("My Project!"), "my-project:latest");
  });

  it("writes a Dockerfile that installs the locked dependencies as the non-root user, then the code, then checks gluepy loads the project", () => {
    const p = installedProject();
    const out = generateImage(settingsOf(p), undefined);
    assert.equal(out.dockerfile, join(p.dir, "Dockerfile"));
    assert.equal(out.ignoreFile, join(p.dir, ".dockerignore"));
    assert.equal(out.name, "acme/forecast:latest");
    assert.equal(out.buildCommand, "docker build -t acme/forecast:latest .");
    const steps = DockerfileParser.parse(readFileSync(out.dockerfile, "utf8"))
      .getInstructions()
      .map((i) => `${i.getKeyword()} ${i.getArgumentsContent()}`);
    assert.deepEqual(steps, [
      "FROM node:22-slim",
      "ENV NODE_ENV=production     PATH=/app/node_modules/.bin:$PATH",
      "WORKDIR /app",
      "RUN chown node:node /app",
      "USER node",
      "COPY package.json package-lock.json ./",
      "COPY vendor/gluepy-0.1.0.tgz ./vendor/gluepy-0.1.0.tgz",
      "RUN npm ci --omit=dev",
      "COPY . .",
      "RUN gluepy --version && gluepy list",
      'CMD ["gluepy", "list"]',
    ]);
  });

  it("leaves node_modules, gluepy's records, the storage root's runs and local secrets out of the image", () => {
    const p = installedProject();
    const ignore = readFileSync(generateImage(settingsOf(p, { storageRoot: "store/data" }), undefined).ignoreFile, "utf8").split("\n");
    for (const line of ["node_modules", ".gluepy", "store/data/runs", ".git", ".env"]) assert.ok(ignore.includes(line), line);
  });

  it("takes image.base and image.name, keeps devDependencies when gluepy is one, and writes a Dockerfile elsewhere with its own ignore file", () => {
    const p = installedProject("{}", { name: "x", devDependencies: { gluepy: "^0.1.0" } });
    const settings = settingsOf(p, { image: { base: "node:22-bookworm-slim", name: "registry.local/x:7" } });
    const out = generateImage(settings, "deploy");
    assert.equal(out.dockerfile, join(p.dir, "deploy", "Dockerfile"));
    assert.equal(out.ignoreFile, join(p.dir, "deploy", "Dockerfile.dockerignore"));
    assert.equal(out.buildCommand, "docker build -f deploy/Dockerfile -t registry.local/x:7 .");
    const text = readFileSync(out.dockerfile, "utf8");
    assert.match(text, /^FROM node:22-bookworm-slim$/m);
    assert.match(text, /npm ci --include=dev$/m);
  });

  it("refuses, saying what to do: no gluepy dependency, a local package outside the project, a Dockerfile or .dockerignore it did not write", () => {
    const p = installedProject();
    const refuse = (raw: () => void, message: RegExp) => assert.throws(raw, (err: Error) => err.name === "UsageError" && message.test(err.message));

    writeFileSync(join(p.dir, "package.json"), JSON.stringify({ name: "x", dependencies: { yaml: "^2.0.0" } }));
    refuse(() => generateImage(settingsOf(p), undefined), /does not depend on gluepy, so the image would not have it; run `npm install gluepy`/);
    writeFileSync(join(p.dir, "package.json"), JSON.stringify({ name: "x", dependencies: { gluepy: "file:../gluepy-0.1.0.tgz" } }));
    refuse(() => generateImage(settingsOf(p), undefined), /'file:\.\.\/gluepy-0\.1\.0\.tgz' .* lies outside the project/);

    writeFileSync(join(p.dir, "package.json"), JSON.stringify({ name: "x", dependencies: { gluepy: "^0.1.0" } }));
    writeFileSync(join(p.dir, ".dockerignore"), "secrets/\n");
    refuse(() => generateImage(settingsOf(p), undefined), /\.dockerignore exists and was not written by gluepy; pass --force/);
    writeFileSync(join(p.dir, "Dockerfile"), "FROM python:3.12\n");
    refuse(() => generateImage(settingsOf(p), undefined), /Dockerfile exists and was not written by gluepy; pass --force/);
    assert.equal(readFileSync(join(p.dir, ".dockerignore"), "utf8"), "secrets/\n", "nothing written when refused");
    generateImage(settingsOf(p), undefined, { force: true });
    // Once it is gluepy's, regenerating replaces it without --force.
    generateImage(settingsOf(p, { image: { base: "node:22-slim" } }), undefined);
    assert.match(readFileSync(join(p.dir, "Dockerfile"), "utf8"), /^FROM node:22-slim$/m);
  });

  it("through the CLI: writes both files and prints how to build; a project without a lock file is exit 2 with one line", async () => {
    const p = installedProject();
    const ok = gluepy(["image", "generate"], { project: p.dir, env: {} });
    assert.equal(await waitForExit(ok.child, 30_000), 0, ok.stderr());
    assert.match(ok.stdout(), /Dockerfile\n.*\.dockerignore\n$/);
    assert.match(ok.stderr(), /docker build -t acme\/forecast:latest \./);

    const bare = writeProject(DAGS);
    writeFileSync(join(bare.dir, "package.json"), JSON.stringify({ name: "bare", dependencies: { gluepy: "^0.1.0" } }));
    const refused = gluepy(["image", "generate"], { project: bare.dir, env: {} });
    assert.equal(await waitForExit(refused.child, 30_000), 2);
    assert.equal(refused.stderr().trim().split("\n").length, 1, refused.stderr());
    assert.match(refused.stderr(), /No package-lock\.json in .*: the image installs exactly what it locks \(npm ci\); run `npm install` there first\./);
    bare.cleanup();
  });
});
