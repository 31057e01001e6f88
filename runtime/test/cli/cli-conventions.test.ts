// The CLI's conventions, through the built CLI: --version/-V, `help <command>`, and usage errors on one
// line that name the closest command or flag.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { usageErrorLine } from "../../src/cli/usage-message";
import { ensureBuilt, REPO, runCli, TempProject } from "./support/cli";
import { SHOP_FILES } from "./support/shop-project";

const VERSION = (JSON.parse(readFileSync(join(REPO, "package.json"), "utf8")) as { version: string }).version;

describe("gluepy CLI conventions", function () {
  this.timeout(60_000);
  let project: TempProject;

  before(() => ensureBuilt());
  beforeEach(() => (project = new TempProject(SHOP_FILES)));
  afterEach(() => project.cleanup());

  it("`--version` and `-V` print the package's version and exit 0", async () => {
    for (const flag of ["--version", "-V"]) {
      const r = await project.run([flag]);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, `${VERSION}\n`);
      assert.equal(r.stderr, "");
    }
  });

  it("`--version` answers without loading the project (a broken project command does not matter)", async () => {
    project.write({ "commands/broken.ts": "export const x = ;\n" });
    const r = await project.run(["--version"]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, `${VERSION}\n`);
    assert.equal(r.stderr, "");
  });

  it("`help <command>` prints that command's help and exits 0; `help` alone the program's", async () => {
    const dag = await project.run(["help", "dag"]);
    assert.equal(dag.code, 0, dag.stderr);
    assert.match(dag.stdout, /^Usage: gluepy dag \[options\] <label>/);
    assert.match(dag.stdout, /--from-task/);
    const all = await project.run(["help"]);
    assert.equal(all.code, 0, all.stderr);
    assert.match(all.stdout, /^Usage: gluepy \[options\] \[command\]/);
    assert.match(all.stdout, /-V, --version +print gluepy's version/);
    assert.match(all.stdout, /help \[command\] +show the help of a command/);
  });

  it("an unknown command exits 2 with one line naming the closest command", async () => {
    const r = await project.run(["dga", "shop"]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "gluepy: unknown command 'dga'. Did you mean 'dag'?\n");
  });

  it("an unknown flag exits 2 with one line naming the closest flag of that command", async () => {
    const r = await project.run(["dag", "shop", "--concurency", "2"]);
    assert.equal(r.code, 2);
    assert.equal(r.stderr, "gluepy: unknown option '--concurency'. Did you mean '--concurrency'?\n");
    const global = await runCli(["--projcet", project.dir, "list"]);
    assert.equal(global.code, 2);
    assert.equal(global.stderr, "gluepy: unknown option '--projcet'. Did you mean '--project'?\n");
  });

  it("usage errors with nothing close are one line too", () => {
    assert.equal(usageErrorLine("error: unknown command 'zzz'\n"), "gluepy: unknown command 'zzz'\n");
    assert.equal(usageErrorLine("error: missing required argument 'label'\n"), "gluepy: missing required argument 'label'\n");
  });
});
