// The layout thread's bundle (dist/client/layout-thread.js) as the extension starts it, built once per test
// process from the sources (test/support/bundles.ts).

import { join } from "node:path";
import { bundledOnce } from "../../../test/support/bundles";

/** The path of the built layout-thread.js. */
export async function builtLayoutThread(): Promise<string> {
  return join(await bundledOnce("layoutThreadOptions", { sourcemap: false }), "client", "layout-thread.js");
}
