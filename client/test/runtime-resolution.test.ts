// Which runtime runs a project's commands: the project's own gluepy when it has one and the workspace is
// trusted, the bundled one otherwise; a major version apart is a warning.

import assert from "node:assert/strict";
import { chooseRuntime, describeChoice, readRuntimePackage, runtimePackageCandidates } from "../src/runtime-resolution";

const bundled = { version: "0.1.0", dir: "/ext/dist/runtime", cliPath: "/ext/dist/runtime/cli.js" };
const installed = { version: "0.1.4", dir: "/w/p/node_modules/gluepy", cliPath: "/w/p/node_modules/gluepy/runtime/cli.js" };

describe("runtime resolution", () => {
  it("looks for node_modules/gluepy in the project folder, then each folder above, as Node does", () => {
    assert.deepEqual(runtimePackageCandidates("/w/p"), ["/w/p/node_modules/gluepy/package.json", "/w/node_modules/gluepy/package.json", "/node_modules/gluepy/package.json"]);
    assert.deepEqual(runtimePackageCandidates("/w/node_modules/x"), ["/w/node_modules/x/node_modules/gluepy/package.json", "/w/node_modules/gluepy/package.json", "/node_modules/gluepy/package.json"]);
  });

  it("reads the package's version and its CLI from bin", () => {
    const text = JSON.stringify({ name: "gluepy", version: "0.1.4", bin: { gluepy: "runtime/cli.js" } });
    assert.deepEqual(readRuntimePackage("/w/p/node_modules/gluepy/package.json", text), installed);
    assert.match((readRuntimePackage("/w/p/node_modules/gluepy/package.json", JSON.stringify({ name: "other", version: "1.0.0", bin: "x.js" })) as { problem: string }).problem, /is no gluepy runtime package/);
    assert.match((readRuntimePackage("/w/p/node_modules/gluepy/package.json", "{") as { problem: string }).problem, /not valid JSON/);
  });

  it("prefers the project's gluepy in a trusted workspace and says which it uses", () => {
    const choice = chooseRuntime({ trusted: true, project: installed, bundled });
    assert.equal(choice.source, "project");
    assert.equal(choice.cliPath, installed.cliPath);
    assert.equal(choice.warning, undefined);
    assert.equal(describeChoice(choice), "the project's gluepy 0.1.4 at /w/p/node_modules/gluepy");
  });

  it("uses the bundled runtime when the project has none, or an unusable one", () => {
    assert.equal(describeChoice(chooseRuntime({ trusted: true, project: undefined, bundled })), "the bundled gluepy 0.1.0 at /ext/dist/runtime");
    const broken = chooseRuntime({ trusted: true, project: { problem: "x is not valid JSON" }, bundled });
    assert.equal(broken.cliPath, bundled.cliPath);
    assert.equal(describeChoice(broken), "the bundled gluepy 0.1.0 at /ext/dist/runtime (x is not valid JSON)");
  });

  it("never uses the project's gluepy in an untrusted workspace", () => {
    const choice = chooseRuntime({ trusted: false, project: installed, bundled });
    assert.equal(choice.source, "bundled");
    assert.equal(choice.cliPath, bundled.cliPath);
    assert.match(describeChoice(choice), /not trusted/);
  });

  it("warns when the project's major version differs from the bundled one, and still uses the project's", () => {
    const choice = chooseRuntime({ trusted: true, project: { ...installed, version: "1.2.0" }, bundled });
    assert.equal(choice.source, "project");
    assert.match(choice.warning!, /the project's gluepy 1\.2\.0 \(\/w\/p\/node_modules\/gluepy\) differs in major version from the extension's 0\.1\.0/);
  });
});
