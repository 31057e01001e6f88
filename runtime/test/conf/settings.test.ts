import * as assert from "node:assert/strict";
import * as path from "node:path";
import { resolveSettings, SettingsError } from "../../src/conf/settings";

describe("settings", () => {
  const project = path.resolve("/tmp/project");

  it("fills every default for a project without a settings file", () => {
    const s = resolveSettings({}, project, {});
    assert.equal(s.storageRoot, path.join(project, "data"));
    assert.equal(s.configsDir, path.join(project, "configs"));
    assert.deepEqual(s.storage, { backend: "local" });
    assert.equal(s.executor, "in-process");
    assert.equal(s.concurrency, undefined);
    assert.deepEqual(s.bullmq.connection, { host: "127.0.0.1", port: 6379 });
    assert.equal(s.airflow.prefix, "");
    assert.equal(s.airflow.schedule, null);
    assert.deepEqual(s.commands, []);
  });

  it("resolves relative paths against the project and keeps absolute ones", () => {
    const s = resolveSettings({ storageRoot: "/srv/data", configsDir: "conf", airflow: { templatesDir: "tpl" } }, project, {});
    assert.equal(s.storageRoot, "/srv/data");
    assert.equal(s.configsDir, path.join(project, "conf"));
    assert.equal(s.airflow.templatesDir, path.join(project, "tpl"));
  });

  it("lets GLUEPY_* environment variables override the file", () => {
    const s = resolveSettings(
      { storageRoot: "data", storage: { backend: "local" }, concurrency: 2 },
      project,
      { GLUEPY_STORAGE_ROOT: "/elsewhere", GLUEPY_STORAGE_BACKEND: "s3", GLUEPY_S3_BUCKET: "b", GLUEPY_REDIS_URL: "redis://h:1", GLUEPY_CONCURRENCY: "4" },
    );
    assert.equal(s.storageRoot, "/elsewhere");
    assert.deepEqual(s.storage, { backend: "s3", s3: { bucket: "b" } });
    assert.deepEqual(s.bullmq.connection, { url: "redis://h:1" });
    assert.equal(s.concurrency, 4);
  });

  it("rejects a bad value naming the key and the file", () => {
    const file = path.join(project, "gluepy.config.ts");
    assert.throws(
      () => resolveSettings({ storage: { backend: "ftp" } }, project, {}),
      (e: unknown) => e instanceof SettingsError && e.message.includes("'storage.backend'") && e.message.includes(file) && e.message.includes('"ftp"'),
    );
    assert.throws(() => resolveSettings({ concurrency: 0 }, project, {}), /'concurrency'/);
    assert.throws(() => resolveSettings({ bullmq: { connection: { host: "h", port: "x" } } }, project, {}), /'bullmq\.connection\.port'/);
    assert.throws(() => resolveSettings({ commands: "cmds.ts" }, project, {}, "/p/other.config.ts"), /'commands' in \/p\/other\.config\.ts/);
  });

  it("names the environment variable when a bad value came from it", () => {
    assert.throws(
      () => resolveSettings({ storage: { backend: "local" } }, project, { GLUEPY_STORAGE_BACKEND: "ftp" }),
      (e: unknown) => e instanceof SettingsError && /'GLUEPY_STORAGE_BACKEND' in the environment/.test(e.message),
    );
    assert.throws(() => resolveSettings({}, project, { GLUEPY_CONCURRENCY: "many" }), /'GLUEPY_CONCURRENCY' in the environment: .*got number NaN/);
    assert.throws(() => resolveSettings({}, project, { GLUEPY_REDIS_URL: "" }), /'GLUEPY_REDIS_URL' in the environment/);
  });

  it("requires a bucket for the s3 backend", () => {
    assert.throws(() => resolveSettings({ storage: { backend: "s3" } }, project, {}), /storage\.s3\.bucket/);
  });
});
