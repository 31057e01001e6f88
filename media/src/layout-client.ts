// The page's side of the layout worker. VS Code serves webview files from another origin than the page's,
// and a Worker must be same-origin, so the worker script is fetched and started from a blob: URL
// (the CSP allows `worker-src blob:` and `connect-src` of the webview resources for exactly this).

import ElkConstructor, { type ELK, type ElkNode } from "elkjs/lib/elk-api";

export class LayoutClient {
  private elk: Promise<ELK>;
  private workerError: Promise<never>;
  private failWorker!: (e: Error) => void;

  constructor(workerUri: string) {
    this.workerError = new Promise<never>((_, reject) => (this.failWorker = reject));
    this.workerError.catch(() => undefined);
    this.elk = this.start(workerUri);
  }

  private async start(workerUri: string): Promise<ELK> {
    const response = await fetch(workerUri);
    if (!response.ok) throw new Error(`could not load the layout worker ${workerUri}: HTTP ${response.status}`);
    const blobUrl = URL.createObjectURL(new Blob([await response.text()], { type: "text/javascript" }));
    return new ElkConstructor({
      workerFactory: () => {
        const worker = new Worker(blobUrl);
        worker.addEventListener("error", (e) => this.failWorker(new Error(`layout worker failed: ${e.message || "could not start"}`)));
        return worker;
      },
    });
  }

  /** The laid-out graph; rejects when the worker cannot start or ELK refuses the graph. */
  async layout(graph: ElkNode): Promise<ElkNode> {
    const elk = await this.elk;
    return Promise.race([elk.layout(graph), this.workerError]);
  }
}
