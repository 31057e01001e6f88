// The LSP connection: stdio (`--stdio`), Node IPC (`--node-ipc`) or a socket (`--socket=N`), chosen by the
// command line as vscode-languageserver reads it.

import { type Connection, createConnection, ProposedFeatures } from "vscode-languageserver/node";

export function createServerConnection(): Connection {
  const known = process.argv.some((a) => a === "--stdio" || a === "--node-ipc" || a.startsWith("--socket") || a.startsWith("--pipe"));
  if (!known) {
    process.stderr.write("gluepy language server: pass --stdio, --node-ipc or --socket=<port> to choose the transport.\n");
    process.exit(2);
  }
  return createConnection(ProposedFeatures.all);
}
