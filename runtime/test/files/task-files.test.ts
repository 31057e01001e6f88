// What a task wrote and read is recorded per task (task-end event's outputs/inputs, state.json): through
// storage and dataManager, for tasks running concurrently in one process, in worker-pool processes, in
// BullMQ workers, and on S3 storage (s3rver).

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { DAG, dataManager, storage, Task } from "gluepy";
import type { RunEvent, TaskEndEvent, TaskFile } from "../../../shared/events";
import type { RunState } from "../../../shared/run-state";
import { resolveSettings } from "../../src/conf/settings";
import { collectRegistry } from "../../src/exec/registry";
import { runDag } from "../../src/exec/run";
import { S3Storage } from "../../src/files/storages/s3";
import { loadProject } from "../../src/loader/load-project";
import { startRedis, type TestRedis } from "../support/redis";
import { readStateFile, tempProject, type TempProject } from "../exec/support";
import { writeFixtureProject, writeProject, type FixtureProject } from "../scaleout/fixture-project";
import { gluepy } from "../scaleout/gluepy-cli";
import { waitForExit, waitForLine } from "../scaleout/process";
import { startS3Server } from "../scaleout/s3-server";

const sha = (text: string | Buffer) => createHash("sha256").update(text).digest("hex");
const file = (path: string, content: string, root?: true): TaskFile => ({ path, ...(root ? { root } : {}), bytes: Buffer.byteLength(content), sha256: sha(content) });
const endOf = (events: RunEvent[], task: string) => events.find((e): e is TaskEndEvent => e.event === "task-end" && e.task === task)!;
const readState = (storageRoot: string, runFolder: string) => JSON.parse(readFileSync(join(storageRoot, runFolder, ".gluepy", "state.json"), "utf8")) as RunState;

class Raw extends Task {
  static label = "raw";
  async run() {
    // Storage-root paths outside the run folder: an input marked root.
    await storage.touch("raw/sales.csv", "day,sales\n1,10\n2,12\n");
  }
}

class Load extends Task {
  static label = "load";
  async run() {
    const sales = await dataManager.read("raw/sales.csv", { root: true });
    await dataManager.write("training.parquet", sales);
    await storage.touch(storage.runpath("notes/load.txt"), "loaded");
    // Rewritten: the last write counts, in the place of the first.
    await storage.touch(storage.runpath("notes/load.txt"), "loaded twice");
    await storage.touch(storage.runpath("scratch.txt"), "gone soon");
    await storage.rm(storage.runpath("scratch.txt"));
    // Read back what it wrote itself: no input.
    await storage.open(storage.runpath("notes/load.txt"));
  }
}

class Streamed extends Task {
  static label = "streamed";
  async run() {
    await storage.touch(storage.runpath("stream.txt"), Readable.from([Buffer.from("ab"), Buffer.from("cd")]));
    await storage.cp(storage.runpath("stream.txt"), storage.runpath("copy/stream.txt"));
  }
}

class Train extends Task {
  static label = "train";
  async run() {
    const df = await dataManager.read("training.parquet");
    await dataManager.write("model.json", df);
  }
}

class Data extends DAG {
  static label = "data";
  static tasks = [Raw, [Load, Streamed], Train];
}

// Two tasks interleaving their reads and writes in one process: each gets only its own.
function interleaved(n: number) {
  return class extends Task {
    static label = `par${n}`;
    async run() {
      for (let i = 0; i < 5; i++) {
        await storage.touch(storage.runpath(`par${n}/${i}.txt`), `${n}:${i}`);
        await new Promise((resolve) => setTimeout(resolve, 1));
      }
    }
  };
}
class Parallel extends DAG {
  static label = "parallel";
  static tasks = [[interleaved(1), interleaved(2), interleaved(3)]];
}

describe("outputs and inputs of each task", function () {
  this.timeout(60_000);

  describe("in-process", () => {
    let project: TempProject;
    beforeEach(async () => {
      project = await tempProject();
    });
    afterEach(() => project.cleanup());

    it("records on task-end and in state.json what each task wrote and read through storage and dataManager", async () => {
      const { outcome, events } = await project.run([Data], { dag: "data" });
      assert.equal(outcome.status, "succeeded");
      const root = join(project.dir, "data");
      const parquet = readFileSync(join(root, outcome.runFolder, "training.parquet"));
      const modelJson = readFileSync(join(root, outcome.runFolder, "model.json"));
      const csv = "day,sales\n1,10\n2,12\n";

      assert.deepEqual(endOf(events, "raw").outputs, [file("raw/sales.csv", csv, true)]);
      assert.equal(endOf(events, "raw").inputs, undefined);
      const load = endOf(events, "load");
      assert.deepEqual(load.outputs, [
        { path: "training.parquet", bytes: parquet.length, sha256: sha(parquet) },
        file("notes/load.txt", "loaded twice"),
      ]);
      assert.deepEqual(load.inputs, [file("raw/sales.csv", csv, true)]);
      assert.deepEqual(endOf(events, "streamed").outputs, [file("stream.txt", "abcd"), file("copy/stream.txt", "abcd")]);
      // It copied a file it wrote itself: no input.
      assert.equal(endOf(events, "streamed").inputs, undefined);
      assert.deepEqual(endOf(events, "train").inputs, [{ path: "training.parquet", bytes: parquet.length, sha256: sha(parquet) }]);
      assert.deepEqual(endOf(events, "train").outputs, [{ path: "model.json", bytes: modelJson.length, sha256: sha(modelJson) }]);

      const state = (await readStateFile(outcome.recordDir)) as RunState;
      for (const task of ["raw", "load", "streamed", "train"]) {
        assert.deepEqual(state.tasks[task]!.outputs, endOf(events, task).outputs, task);
        assert.deepEqual(state.tasks[task]!.inputs, endOf(events, task).inputs, task);
      }
      // The runtime's own files (context.yaml, the run record) are no task's output.
      const all = Object.values(state.tasks).flatMap((t) => t.outputs ?? []).map((f) => f.path);
      assert.ok(!all.some((p) => p.includes("context.yaml") || p.startsWith(".gluepy")), all.join(", "));
    });

    it("attributes each write to its own task when tasks run concurrently in one process", async () => {
      const { outcome, events } = await project.run([Parallel], { dag: "parallel", concurrency: 3 });
      assert.equal(outcome.status, "succeeded");
      for (const n of [1, 2, 3]) {
        const expected = [0, 1, 2, 3, 4].map((i) => file(`par${n}/${i}.txt`, `${n}:${i}`));
        assert.deepEqual(endOf(events, `par${n}`).outputs, expected);
      }
    });
  });

  it("records what a task wrote in a worker-pool process", async () => {
    const project = writeProject(`import { DAG, Task, dataManager, storage } from "gluepy";
class Make extends Task {
  static label = "make";
  async run() {
    await dataManager.write("frame.csv", await dataManager.frame({ a: [1, 2] }));
  }
}
class Use extends Task {
  static label = "use";
  async run() {
    const df = await dataManager.read("frame.csv");
    await storage.touch(storage.runpath("pid.txt"), String(process.pid) + ":" + df.height);
  }
}
export class Pool extends DAG {
  static label = "pool";
  static tasks = [Make, Use];
}
`);
    try {
      const loaded = await loadProject(project.dir, { env: {} });
      const events: RunEvent[] = [];
      const outcome = await runDag({ projectDir: loaded.dir, registry: loaded.registry, settings: loaded.settings, dag: "pool", executor: "worker-pool", concurrency: 1, onWarning: () => {}, onEvent: (e) => events.push(e) });
      assert.equal(outcome.status, "succeeded");
      const folder = join(project.storageRoot, outcome.runFolder);
      const csv = readFileSync(join(folder, "frame.csv"), "utf8");
      const pidText = readFileSync(join(folder, "pid.txt"), "utf8");
      assert.notEqual(pidText.split(":")[0], String(process.pid), "the task ran in another process");
      assert.deepEqual(endOf(events, "make").outputs, [file("frame.csv", csv)]);
      assert.deepEqual(endOf(events, "use").inputs, [file("frame.csv", csv)]);
      assert.deepEqual(endOf(events, "use").outputs, [file("pid.txt", pidText)]);
      const state = readState(project.storageRoot, outcome.runFolder);
      assert.deepEqual(state.tasks.use!.inputs, [file("frame.csv", csv)]);
    } finally {
      project.cleanup();
    }
  });

  it("records what a task wrote on S3 storage (s3rver), with its records on local disk", async () => {
    const server = await startS3Server();
    const dir = (await tempProject()).dir;
    const s3 = new S3Storage(server.options("outputs-test"));
    try {
      const settings = resolveSettings({}, dir, {});
      const events: RunEvent[] = [];
      const outcome = await runDag({
        projectDir: dir,
        registry: collectRegistry([{ Data }]),
        settings,
        storage: s3,
        dag: "data",
        concurrency: 2,
        onWarning: () => {},
        onEvent: (e) => events.push(e),
      });
      assert.equal(outcome.status, "succeeded");
      const parquet = await s3.open(`${outcome.runFolder}/training.parquet`);
      assert.deepEqual(endOf(events, "load").outputs![0], { path: "training.parquet", bytes: parquet.length, sha256: sha(parquet) });
      assert.deepEqual(endOf(events, "load").inputs, [file("raw/sales.csv", "day,sales\n1,10\n2,12\n", true)]);
      // A server-side copy is measured too.
      assert.deepEqual(endOf(events, "streamed").outputs, [file("stream.txt", "abcd"), file("copy/stream.txt", "abcd")]);
      const state = (await readStateFile(outcome.recordDir)) as RunState;
      assert.deepEqual(state.tasks.train!.inputs, [{ path: "training.parquet", bytes: parquet.length, sha256: sha(parquet) }]);
    } finally {
      await s3.rm("");
      s3.destroy();
      await server.stop();
    }
  });

  describe("BullMQ workers (real Redis)", () => {
    let redis: TestRedis;
    let project: FixtureProject | undefined;
    before(async () => {
      redis = await startRedis();
    });
    after(() => redis?.stop());
    afterEach(() => project?.cleanup());

    it("reports back what the worker's attempt wrote and read", async () => {
      project = writeFixtureProject("chain", [
        { label: "first", deps: [] },
        { label: "second", deps: ["first"] },
      ]);
      const env = { GLUEPY_REDIS_URL: redis.url, GLUEPY_BULLMQ_QUEUE: `outputs-${process.pid}` };
      const worker = gluepy(["worker"], { project: project.dir, env });
      try {
        await waitForLine(worker.child, /gluepy worker: ready/, 60_000);
        const coordinator = gluepy(["dag", "chain", "--executor", "bullmq", "--json"], { project: project.dir, env });
        assert.equal(await waitForExit(coordinator.child, 60_000), 0, coordinator.stderr());
        const events = coordinator.events();
        const start = events.find((e) => e.event === "run-start")!;
        const runFolder = (start as { runFolder: string }).runFolder;
        const second = endOf(events, "second");
        assert.deepEqual(second.inputs, [file("out/first.txt", "first")]);
        assert.deepEqual(
          second.outputs!.map((f) => f.path).filter((p) => !p.startsWith("started/")),
          ["out/second.txt", "trace/second.json"],
        );
        const state = readState(project.storageRoot, runFolder);
        assert.deepEqual(state.tasks.second!.inputs, second.inputs);
        assert.deepEqual(state.tasks.first!.outputs!.find((f) => f.path === "out/first.txt"), file("out/first.txt", "first"));
      } finally {
        worker.child.kill("SIGTERM");
        await waitForExit(worker.child, 30_000);
      }
    });
  });
});
