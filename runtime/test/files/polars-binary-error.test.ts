// The message when nodejs-polars finds no binary: which package to install, and why npm left it out.

import assert from "node:assert/strict";
import { missingPolarsBinaryMessage } from "../../src/files/data/polars-binary-error";

describe("missing nodejs-polars binary", () => {
  const error = new Error("Cannot find module 'nodejs-polars-linux-x64-gnu'\nRequire stack:\n- /p/node_modules/nodejs-polars/bin/native-polars.js");

  it("names the platform package to install at nodejs-polars's version, and why npm skipped it on Node 20", () => {
    assert.equal(
      missingPolarsBinaryMessage(error, "v20.20.2", "0.25.2"),
      "nodejs-polars has no native binary for this machine: nodejs-polars-linux-x64-gnu is not installed (npm leaves it out on Node 20, as it declares node >= 22). Run `npm install nodejs-polars-linux-x64-gnu@0.25.2` in the project, or install with Node 22 or later.",
    );
    assert.match(missingPolarsBinaryMessage(error, "v22.3.0", "0.25.2")!, /is not installed\. Run `npm install nodejs-polars-linux-x64-gnu@0\.25\.2` in the project\.$/);
  });

  it("leaves other errors alone", () => {
    assert.equal(missingPolarsBinaryMessage(new Error("Cannot find module 'left-pad'"), "v20.1.0", "0.25.2"), undefined);
  });
});
