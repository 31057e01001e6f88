// Imported first by main.ts: loads the runtime library (dist/runtime/gluepy.js, beside this bundle)
// through V8's code cache before anything requires it, so `import "gluepy"` finds it already loaded.
// Under tsx (tests of the sources) there is no bundle and nothing to do.

import { existsSync } from "node:fs";
import { join } from "node:path";
import { requireWithCodeCache, tempCodeCacheFile } from "../loader/code-cache";

const library = join(__dirname, "gluepy.js");
if (!__filename.endsWith(".ts") && existsSync(library)) requireWithCodeCache(library, tempCodeCacheFile(library));
