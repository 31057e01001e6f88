// After `npm ci` on Node 20: nodejs-polars's platform packages declare engines node >= 22, and npm leaves
// out an optional dependency whose engines do not match (whatever --force says), although the binary loads
// on Node 20 (N-API). This puts this machine's into node_modules from the registry. Idempotent; nothing to
// do on Node 22 or later, where npm installs it.
import { cpSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fetchPackage, hostTarget, lockedVersion, TARGETS } from "./native-packages.mjs";

const root = process.cwd();
const target = hostTarget();
if (target) {
  const name = TARGETS[target].polars;
  const installed = join(root, "node_modules", name);
  if (!existsSync(join(installed, "package.json"))) {
    const version = lockedVersion(root, "nodejs-polars");
    console.error(`setup: ${name}@${version} into node_modules (npm skips it on Node ${process.versions.node}: it declares node >= 22)`);
    cpSync(fetchPackage(root, join(root, ".cache", "native-packages"), name, version), installed, { recursive: true });
  }
}
