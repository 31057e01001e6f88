import * as assert from "node:assert/strict";
import { promises as fs } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { buildContext, ContextWriteError, contextToYaml, parseContextYaml, type RunMeta } from "../../src/conf/context";
import { ContextMergeError } from "../../src/conf/merge";
import { MemoryStorage } from "../../src/files/storages/memory";

const meta: RunMeta = { runId: "r1", runFolder: "runs/2026/11/25/r1", createdAt: "2026-11-25T10:00:00.000Z" };

describe("context", () => {
  let dir: string;
  let configsDir: string;
  let warnings: string[];
  const warn = (m: string) => warnings.push(m);

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), "gluepy-context-"));
    configsDir = path.join(dir, "configs");
    await fs.mkdir(configsDir);
    warnings = [];
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const writeConfig = (name: string, text: string) => fs.writeFile(path.join(configsDir, name), text);

  it("merges configs/*.yaml in file-name order: maps deeply, lists replaced", async () => {
    await writeConfig("b_model.yaml", "forecast:\n  horizon: 28\n  lags: [7]\n");
    await writeConfig("a_default.yaml", "forecast:\n  horizon: 14\n  lags: [1, 2, 3]\n  model: linear\nname: demo\n");
    await writeConfig("notes.txt", "ignored: true\n");
    const ctx = await buildContext({ configsDir, meta, warn });
    assert.deepEqual(JSON.parse(JSON.stringify(ctx)), {
      forecast: { horizon: 28, lags: [7], model: "linear" },
      name: "demo",
      gluepy: meta,
    });
  });

  it("refuses a type conflict, naming the key path and the file", async () => {
    await writeConfig("a.yaml", "forecast:\n  model:\n    kind: linear\n");
    await writeConfig("b.yaml", "forecast:\n  model: [1, 2]\n");
    await assert.rejects(
      buildContext({ configsDir, meta, warn }),
      (e: unknown) => e instanceof ContextMergeError && e.keyPath === "forecast.model" && /configs\/b\.yaml/.test(e.message) && /a map .* a list/.test(e.message),
    );
  });

  it("applies patches after configs, then local patches, then the run meta", async () => {
    await writeConfig("default.yaml", "forecast:\n  horizon: 14\n  seasonality: weekly\ngluepy:\n  runId: from-config\n");
    const storage = new MemoryStorage();
    await storage.touch("patches/longer.yaml", "forecast:\n  horizon: 56\n  alpha: 0.1\n");
    await fs.writeFile(path.join(dir, "local.yaml"), "forecast:\n  alpha: 0.5\n");
    const ctx = await buildContext({ configsDir, meta, warn, storage, patches: ["patches/longer.yaml"], localPatches: ["local.yaml"], cwd: dir });
    const forecast = ctx.forecast as Record<string, unknown>;
    assert.equal(forecast.horizon, 56);
    assert.equal(forecast.alpha, 0.5);
    assert.equal(forecast.seasonality, "weekly");
    assert.deepEqual({ ...ctx.gluepy }, meta);
    assert.deepEqual(warnings, []);
  });

  it("warns and continues when a patch or a local patch is missing", async () => {
    await writeConfig("default.yaml", "forecast:\n  horizon: 14\n");
    const ctx = await buildContext({
      configsDir,
      meta,
      warn,
      storage: new MemoryStorage(),
      patches: ["patches/nope.yaml"],
      localPatches: ["nope-local.yaml"],
      cwd: dir,
    });
    assert.equal((ctx.forecast as Record<string, unknown>).horizon, 14);
    assert.equal(warnings.length, 2);
    assert.match(warnings[0], /patch 'patches\/nope\.yaml' was not found/);
    assert.match(warnings[1], /local patch 'nope-local\.yaml' was not found/);
  });

  it("is frozen: any write throws an error naming the key", async () => {
    await writeConfig("default.yaml", "forecast:\n  horizon: 14\n  lags: [1, 2]\n");
    const ctx = (await buildContext({ configsDir, meta, warn })) as unknown as { forecast: { horizon: number; lags: number[] }; extra?: number };
    assert.throws(() => {
      ctx.forecast.horizon = 1;
    }, (e: unknown) => e instanceof ContextWriteError && e instanceof TypeError && /'forecast\.horizon'/.test(e.message));
    assert.throws(() => {
      ctx.extra = 1;
    }, ContextWriteError);
    assert.throws(() => ctx.forecast.lags.push(3), /forecast\.lags\[2\]/);
    assert.throws(() => delete (ctx.forecast as Partial<typeof ctx.forecast>).horizon, ContextWriteError);
    assert.equal(ctx.forecast.horizon, 14);
    assert.ok(Object.isFrozen(ctx.forecast));
  });

  it("does not freeze or share the YAML the caller passed as base", async () => {
    const base = { forecast: { horizon: 7 }, gluepy: meta };
    await buildContext({ configsDir, meta, warn, base });
    base.forecast.horizon = 8;
    assert.equal(base.forecast.horizon, 8);
  });

  it("saves to context.yaml text and reads the same values back", async () => {
    await writeConfig("default.yaml", "forecast:\n  horizon: 14\n  lags: [1, 2]\n  name: 'x: y'\n");
    const ctx = await buildContext({ configsDir, meta, warn });
    const text = contextToYaml(ctx);
    assert.deepEqual(parseContextYaml(text), JSON.parse(JSON.stringify(ctx)));
  });

  it("on retry starts from the saved context, still applies patches, and keeps the original run meta", async () => {
    await writeConfig("default.yaml", "forecast:\n  horizon: 999\n");
    const saved = parseContextYaml("forecast:\n  horizon: 14\n  alpha: 0.1\ngluepy:\n  runId: old\n  runFolder: runs/2026/11/24/old\n  createdAt: '2026-11-24T00:00:00.000Z'\n");
    const storage = new MemoryStorage();
    await storage.touch("p.yaml", "forecast:\n  alpha: 0.9\n");
    const ctx = await buildContext({ configsDir, meta, warn, storage, base: saved, patches: ["p.yaml"] });
    const forecast = ctx.forecast as Record<string, unknown>;
    assert.equal(forecast.horizon, 14, "configs are not re-read on retry");
    assert.equal(forecast.alpha, 0.9, "patches apply on retry (DESIGN §4b)");
    assert.equal(ctx.gluepy.runId, "old");
    assert.equal(ctx.gluepy.runFolder, "runs/2026/11/24/old");
  });

  it("names the file of a YAML that is not a map", async () => {
    await writeConfig("bad.yaml", "- 1\n- 2\n");
    await assert.rejects(buildContext({ configsDir, meta, warn }), /configs\/bad\.yaml: the top level must be a map/);
  });

  it("builds from the meta alone when there is no configs folder", async () => {
    const ctx = await buildContext({ configsDir: path.join(dir, "none"), meta, warn });
    assert.deepEqual(JSON.parse(JSON.stringify(ctx)), { gluepy: meta });
  });
});
