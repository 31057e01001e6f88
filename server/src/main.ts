// Language server entry point: `node dist/server/server.js --stdio` (or `--node-ipc`, `--socket=N`).
// Indexes the workspace's DAG and Task classes by parsing only; never runs workspace code.

import { startLanguageServer } from "./language-server";
import { createServerConnection } from "./transport/connection";

startLanguageServer(createServerConnection());
