// Inside desktop VS Code's extension host (see .vscode-test.mjs): the extension activates on the example
// project, flags an unknown task reference, runs the DAG from its command and lists the run.

import { strict as assert } from "node:assert";
import * as vscode from "vscode";
import { listProjectRuns } from "../../src/run-folders";

const EXTENSION_ID = "gluepy.gluepy-vscode";

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("Gluepy in desktop VS Code", () => {
  const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
  const dagsUri = () => vscode.Uri.joinPath(folder(), "src", "dags.ts");

  before(async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  });

  it("registers the palette commands", async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ["gluepy.runDag", "gluepy.runTask", "gluepy.retryFailed", "gluepy.showGraph", "gluepy.generateAirflow", "gluepy.generateDagster", "gluepy.newProject"])
      assert.ok(commands.includes(id), `${id} is not registered`);
  });

  it("flags an unknown task reference while typing, and clears it when fixed", async () => {
    const editor = await vscode.window.showTextDocument(dagsUri());
    const text = editor.document.getText();
    const at = text.indexOf("OutputFormatTask]");
    const range = new vscode.Range(editor.document.positionAt(at), editor.document.positionAt(at + "OutputFormatTask".length));
    await editor.edit((e) => e.replace(range, "OutputFormatTsk"));
    const flagged = await until("an unknown-task diagnostic", () =>
      vscode.languages.getDiagnostics(dagsUri()).find((d) => d.source === "gluepy" && String(d.code) === "unknown-task"),
    );
    assert.match(flagged.message, /OutputFormatTsk/);
    await vscode.commands.executeCommand("undo");
    await until("the diagnostic to clear", () => !vscode.languages.getDiagnostics(dagsUri()).some((d) => String(d.code) === "unknown-task") || undefined);
    await vscode.commands.executeCommand("workbench.action.files.revert");
  });

  it("runs the DAG from the Run DAG command and lists the run as succeeded", async () => {
    await vscode.commands.executeCommand("gluepy.runDag", "training", dagsUri().toString());
    const cli = vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, "dist", "runtime", "cli.js").fsPath;
    const listed = await listProjectRuns(cli, folder().fsPath);
    const runs = "listing" in listed ? listed.listing.runs : [];
    assert.equal(runs[0]?.dag, "training");
    assert.equal(runs[0]?.status, "succeeded");
  });
});
