// Desktop VS Code suite (@vscode/test-cli + @vscode/test-electron), for machines that can download VS Code:
// `npx vscode-test`. It runs client/test/desktop/*.desktop.ts inside the extension host on a copy of the
// example project. (CI here drives code-server instead: test/e2e.)
import { defineConfig } from "@vscode/test-cli";
import { cpSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const workspace = join(mkdtempSync(join(tmpdir(), "gluepy-desktop-")), "forecast");
cpSync("examples/forecast", workspace, { recursive: true, filter: (src) => !/node_modules|[\\/]data[\\/]runs/.test(src) });

export default defineConfig({
  label: "desktop",
  files: "client/test/desktop/**/*.desktop.ts",
  version: "stable",
  workspaceFolder: workspace,
  launchArgs: ["--disable-extensions", "--disable-workspace-trust"],
  mocha: { require: ["tsx/cjs"], timeout: 120_000, ui: "bdd" },
});
