// The runtime's version, from the repository's package.json at build time (the `gluepy` package, the
// extension and the runtime it bundles share one version): `gluepy --version`, and the extension's check
// of a workspace's own gluepy against the one it bundles.

import { version } from "../../package.json";

export const GLUEPY_VERSION: string = version;
