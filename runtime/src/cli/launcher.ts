#!/usr/bin/env node
// The `gluepy` executable (dist/runtime/cli.js): loads the runtime library (gluepy.js) and the command
// line program (cli-main.js), bundles beside it, through V8's code cache, then runs the command. Node
// compiles an entry file on every start; this stub is small, the program it loads is not.

import { join } from "node:path";
import { requireWithCodeCache, tempCodeCacheFile } from "../loader/code-cache";
import { requestedCommand } from "./requested-command";

// A code cache per command: each holds what its command's runs compile (a host's own argv says nothing).
const kind = require.main === module ? (requestedCommand(process.argv.slice(2)) ?? "none") : "host";
const load = (bundle: string) => {
  const file = join(__dirname, bundle);
  return requireWithCodeCache(file, tempCodeCacheFile(file, { kind }), { vendorBundles: true });
};
// The library first: `import "gluepy"` in the program and in project code then finds this instance.
load("gluepy.js");
const program = load("cli-main.js") as typeof import("./main");

/** For hosts that require this file and run commands themselves (the extension's run guard calls `main(argv, io)`). */
export const main = program.main;

if (require.main === module) program.runFromProcess();
