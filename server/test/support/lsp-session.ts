// A real LSP client for the over-the-wire suites: spawns the built server (--stdio or --node-ipc), speaks
// JSON-RPC through vscode-languageserver-protocol, records every notification, and waits for them
// with a timeout (never a sleep).

import { fork, spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  createProtocolConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type ProtocolConnection,
} from "vscode-languageserver-protocol/node";
import {
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  ShutdownRequest,
  TextDocumentSyncKind,
  WorkDoneProgress,
  WorkDoneProgressCreateRequest,
  type Diagnostic,
  type InitializeResult,
  type MessageSignature,
  type NotificationType,
  type RequestType,
  type TextDocumentContentChangeEvent,
} from "vscode-languageserver-protocol";
import { ensureServerBuilt } from "./build-server";

export const DEFAULT_WAIT_MS = 10_000;

export interface Publication {
  /** 1-based order of arrival across all uris. */
  seq: number;
  diagnostics: Diagnostic[];
}

export interface SessionOptions {
  /** Open every listed workspace-relative file right after `initialized`. */
  open?: string[];
  /** Further workspace folders (absolute paths) besides `root`. */
  folders?: string[];
  /** False: the client cannot watch files (as Neovim 0.7), so the server must watch the disk itself. */
  clientWatchesFiles?: boolean;
  /** How to talk to the server: stdio (default) or Node's IPC channel, the two transports it offers. */
  transport?: "stdio" | "node-ipc";
  /** The client shows server-initiated progress (window.workDoneProgress), as VS Code does. */
  progress?: boolean;
}

export class LspSession {
  readonly diagnostics = new Map<string, Publication[]>();
  readonly notifications: { method: string; params: unknown; seq: number }[] = [];
  stderr = "";
  exitCode: number | null | undefined;
  initializeResult!: InitializeResult;
  folders: { uri: string; name: string }[] = [];
  /** Requests the server sent to this client (registrations, progress), in order. */
  readonly serverRequests: { method: string; params: unknown }[] = [];
  private seq = 0;
  private readonly versions = new Map<string, number>();
  private readonly texts = new Map<string, string>();
  private waiters: (() => void)[] = [];

  private constructor(
    readonly root: string,
    readonly child: ChildProcess,
    readonly connection: ProtocolConnection,
    private readonly options: SessionOptions,
  ) {}

  /** Spawns the server on `root` and completes the initialize handshake. */
  static async start(root: string, options: SessionOptions = {}): Promise<LspSession> {
    const bundle = await ensureServerBuilt();
    const ipc = options.transport === "node-ipc";
    const child = ipc
      ? fork(bundle, ["--node-ipc"], { cwd: root, silent: true, execArgv: [] })
      : spawn(process.execPath, [bundle, "--stdio"], { cwd: root, stdio: ["pipe", "pipe", "pipe"] });
    const connection = ipc
      ? createProtocolConnection(new IPCMessageReader(child), new IPCMessageWriter(child))
      : createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const session = new LspSession(root, child, connection, options);
    session.folders = [root, ...(options.folders ?? [])].map((dir, i) => ({ uri: pathToFileURL(dir).href, name: `folder${i}` }));
    child.stderr!.on("data", (d: Buffer) => (session.stderr += d.toString()));
    child.on("exit", (code) => {
      session.exitCode = code;
      session.wake();
    });
    connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
      const list = session.diagnostics.get(p.uri) ?? [];
      list.push({ seq: ++session.seq, diagnostics: p.diagnostics });
      session.diagnostics.set(p.uri, list);
      session.wake();
    });
    connection.onUnhandledNotification((n) => {
      session.notifications.push({ method: n.method, params: n.params, seq: ++session.seq });
      session.wake();
    });
    // $/progress goes to the handler of its token, made when the server creates it; a test reads it in
    // order with the other notifications.
    connection.onRequest(WorkDoneProgressCreateRequest.type, ({ token }) => {
      session.serverRequests.push({ method: WorkDoneProgressCreateRequest.method, params: { token } });
      connection.onProgress(WorkDoneProgress.type, token, (value) => {
        session.notifications.push({ method: "$/progress", params: { token, value }, seq: ++session.seq });
        session.wake();
      });
      session.wake();
    });
    // Requests a server may send to its client: answer as a plain editor would.
    connection.onRequest("workspace/configuration", (params: { items?: unknown[] }) => (params?.items ?? []).map(() => null));
    connection.onRequest("workspace/workspaceFolders", () => session.folders);
    for (const method of [
      "client/registerCapability",
      "client/unregisterCapability",
      "window/showMessageRequest",
      "workspace/codeLens/refresh",
      "workspace/diagnostic/refresh",
      "workspace/semanticTokens/refresh",
      "workspace/inlayHint/refresh",
    ]) {
      connection.onRequest(method, (params: unknown) => {
        session.serverRequests.push({ method, params });
        session.wake();
        return null;
      });
    }
    connection.onRequest("workspace/applyEdit", () => ({ applied: false, failureReason: "the test client applies edits itself" }));
    connection.listen();
    session.initializeResult = await session.withExit(
      connection.sendRequest(InitializeRequest.type, {
        processId: process.pid,
        rootUri: session.uri(""),
        workspaceFolders: session.folders,
        capabilities: {
          ...(options.progress ? { window: { workDoneProgress: true } } : {}),
          workspace: {
            workspaceFolders: true,
            configuration: true,
            applyEdit: true,
            symbol: {},
            codeLens: { refreshSupport: true },
            didChangeWatchedFiles: { dynamicRegistration: options.clientWatchesFiles !== false },
          },
          textDocument: {
            synchronization: { didSave: true },
            publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
            codeLens: {},
            hover: { contentFormat: ["markdown", "plaintext"] },
            definition: { linkSupport: false },
            references: {},
            documentSymbol: { hierarchicalDocumentSymbolSupport: true },
            codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "refactor", "source"] } } },
            completion: { completionItem: { snippetSupport: false }, completionItemKind: {} },
            rename: { prepareSupport: true },
          },
        },
      }),
      "initialize",
    );
    await connection.sendNotification(InitializedNotification.type, {});
    for (const rel of options.open ?? []) await session.open(rel);
    return session;
  }

  /** file:// uri of a workspace-relative path ("" is the root). */
  uri(rel: string): string {
    return pathToFileURL(join(this.root, rel)).href.replace(/\/$/, "");
  }

  path(rel: string): string {
    return join(this.root, rel);
  }

  /** The text the client last sent for `rel`, or the file on disk. */
  text(rel: string): string {
    return this.texts.get(this.uri(rel)) ?? readFileSync(this.path(rel), "utf8");
  }

  get incrementalSync(): boolean {
    const sync = this.initializeResult.capabilities.textDocumentSync;
    const kind = typeof sync === "number" ? sync : sync?.change;
    return kind === TextDocumentSyncKind.Incremental;
  }

  async open(rel: string, text = readFileSync(this.path(rel), "utf8")): Promise<void> {
    const uri = this.uri(rel);
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    const languageId = rel.endsWith(".json") ? "json" : rel.endsWith(".yaml") || rel.endsWith(".yml") ? "yaml" : "typescript";
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, {
      textDocument: { uri, languageId, version: 1, text },
    });
  }

  isOpen(rel: string): boolean {
    return this.texts.has(this.uri(rel));
  }

  /** didClose: from now on the server reads the file from disk again. */
  async closeDocument(rel: string): Promise<void> {
    const uri = this.uri(rel);
    this.texts.delete(uri);
    this.versions.delete(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
  }

  /** Replaces the whole buffer of an open document (sent as a range edit when the server syncs incrementally). */
  async change(rel: string, text: string): Promise<void> {
    const uri = this.uri(rel);
    const old = this.texts.get(uri);
    if (old === undefined) throw new Error(`change(${rel}): open the document first`);
    const change: TextDocumentContentChangeEvent = this.incrementalSync
      ? { range: { start: { line: 0, character: 0 }, end: endPosition(old) }, text }
      : { text };
    await this.sendChanges(rel, [change], text);
  }

  /** Sends content changes and records the resulting text (the caller computes it). */
  async sendChanges(rel: string, changes: TextDocumentContentChangeEvent[], resultText: string): Promise<void> {
    const uri = this.uri(rel);
    const version = (this.versions.get(uri) ?? 1) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, resultText);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri, version },
      contentChanges: changes,
    });
  }

  /** The newest diagnostics published for `rel`, or undefined when none were. */
  latest(rel: string): Publication | undefined {
    const list = this.diagnostics.get(this.uri(rel));
    return list?.[list.length - 1];
  }

  /** Current sequence number: pass it as `after` to wait only for what arrives later. */
  get mark(): number {
    return this.seq;
  }

  /** Resolves with the first publication for `rel` (newer than `after`) that satisfies `accept`. */
  async waitForDiagnostics(
    rel: string,
    accept: (d: Diagnostic[]) => boolean = () => true,
    options: { after?: number; timeoutMs?: number } = {},
  ): Promise<Diagnostic[]> {
    const after = options.after ?? 0;
    const found = await this.waitFor(() => {
      const list = this.diagnostics.get(this.uri(rel)) ?? [];
      const latest = list[list.length - 1];
      return latest && latest.seq > after && accept(latest.diagnostics) ? latest.diagnostics : undefined;
    }, options.timeoutMs ?? DEFAULT_WAIT_MS, () => {
      const latest = this.latest(rel);
      return `diagnostics of ${rel}; last published: ${latest ? JSON.stringify(latest.diagnostics) : "none"}`;
    });
    return found;
  }

  /** Resolves with the params of the first notification `method` (newer than `after`) that `accept`s; for a
   * notification of shared/protocol.ts (a NotificationType), typed as it declares them. */
  waitForNotification<P>(type: NotificationType<P>, accept?: (p: P) => boolean, options?: { after?: number; timeoutMs?: number }): Promise<P>;
  waitForNotification<T>(method: string | MessageSignature, accept?: (p: T) => boolean, options?: { after?: number; timeoutMs?: number }): Promise<T>;
  async waitForNotification<T>(
    signature: string | MessageSignature,
    accept: (p: T) => boolean = () => true,
    options: { after?: number; timeoutMs?: number } = {},
  ): Promise<T> {
    const method = typeof signature === "string" ? signature : signature.method;
    const after = options.after ?? 0;
    return this.waitFor(
      () => this.notifications.find((n) => n.method === method && n.seq > after && accept(n.params as T))?.params as T | undefined,
      options.timeoutMs ?? DEFAULT_WAIT_MS,
      () => `notification ${method}; received: ${JSON.stringify(this.notifications.filter((n) => n.method === method).map((n) => n.params))}`,
    );
  }

  /** Resolves when the server's cold index is done (its indexing progress ends); needs `progress: true`. */
  async indexed(timeoutMs = DEFAULT_WAIT_MS): Promise<void> {
    if (!this.options.progress) throw new Error("indexed(): start the session with { progress: true }");
    await this.waitForNotification<{ value: { kind: string } }>("$/progress", (p) => p.value.kind === "end", { timeoutMs });
  }

  /** Re-runs `probe` on every message from this server (and from the `also` servers) until it returns a value. */
  async waitFor<T>(probe: () => T | undefined, timeoutMs: number, describe: () => string, also: LspSession[] = []): Promise<T> {
    const now = probe();
    if (now !== undefined) return now;
    const sessions = [this, ...also];
    return new Promise<T>((resolve, reject) => {
      const stop = () => {
        clearTimeout(timer);
        for (const s of sessions) s.waiters = s.waiters.filter((w) => w !== check);
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${describe()}${this.crashNote()}`));
      }, timeoutMs);
      const check = () => {
        const dead = sessions.find((s) => s.exitCode !== undefined);
        if (dead) {
          stop();
          reject(new Error(`server exited (code ${dead.exitCode}) while waiting for ${describe()}${dead.crashNote()}`));
          return;
        }
        const value = probe();
        if (value === undefined) return;
        stop();
        resolve(value);
      };
      for (const s of sessions) s.waiters.push(check);
    });
  }

  /** A request that fails fast (with the server's stderr) if the server dies or does not answer; for a
   * request of shared/protocol.ts (a RequestType), its params and result are typed as it declares them. */
  request<P, R>(type: RequestType<P, R, unknown>, params: P, timeoutMs?: number): Promise<R>;
  request<R>(method: string | MessageSignature, params: unknown, timeoutMs?: number): Promise<R>;
  async request<R>(signature: string | MessageSignature, params: unknown, timeoutMs = DEFAULT_WAIT_MS): Promise<R> {
    const method = typeof signature === "string" ? signature : signature.method;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer to ${method} within ${timeoutMs} ms${this.crashNote()}`)), timeoutMs);
    });
    try {
      return await this.withExit(Promise.race([this.connection.sendRequest(method, params) as Promise<R>, timeout]), method);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Resolves with the exit code once the process has exited; rejects after `timeoutMs`. */
  waitForExit(timeoutMs: number): Promise<number | null> {
    if (this.exitCode !== undefined) return Promise.resolve(this.exitCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the server is still running after ${timeoutMs} ms`)), timeoutMs);
      this.child.once("exit", (code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  /** Messages the server logged as errors (window/logMessage type 1): a handler that threw shows here. */
  get errorLogs(): string[] {
    return this.notifications
      .filter((n) => n.method === "window/logMessage" && (n.params as { type: number }).type === 1)
      .map((n) => (n.params as { message: string }).message);
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** shutdown + exit, then makes sure the process is gone. */
  async close(): Promise<void> {
    if (this.alive) {
      try {
        await this.request(ShutdownRequest.method, undefined, 3000);
        await this.connection.sendNotification(ExitNotification.type);
      } catch {
        // A server that does not shut down cleanly is killed below; the suites assert liveness themselves.
      }
      await this.waitForExit(3000).catch(() => this.child.kill("SIGKILL"));
    }
    this.connection.dispose();
  }

  private wake() {
    for (const w of [...this.waiters]) w();
  }

  private crashNote(): string {
    const tail = this.stderr.trim().split("\n").slice(-15).join("\n");
    return tail ? `\nserver stderr:\n${tail}` : "";
  }

  private withExit<T>(p: Promise<T>, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`server exited (code ${code}) during ${what}${this.crashNote()}`));
      this.child.once("exit", onExit);
      p.then(
        (v) => {
          this.child.off("exit", onExit);
          resolve(v);
        },
        (e) => {
          this.child.off("exit", onExit);
          reject(e);
        },
      );
    });
  }
}

export function endPosition(text: string): { line: number; character: number } {
  const lines = text.split("\n");
  return { line: lines.length - 1, character: lines[lines.length - 1]!.length };
}
