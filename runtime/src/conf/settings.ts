// Project settings (Gluepy's settings module): what `gluepy.config.ts` may set, its defaults, the
// GLUEPY_* environment overrides, and one validation that names the bad key and the file it came from.

import * as path from "node:path";

export type StorageBackendName = "local" | "memory" | "s3";
export const STORAGE_BACKENDS: readonly StorageBackendName[] = ["local", "memory", "s3"];

export interface S3Settings {
  bucket: string;
  /** Key prefix inside the bucket under which the storage root lives. */
  prefix?: string;
  endpoint?: string;
  region?: string;
  forcePathStyle?: boolean;
}

export interface StorageSettings {
  backend: StorageBackendName;
  s3?: S3Settings;
}

export interface RedisHostConnection {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: boolean;
}

export interface RedisUrlConnection {
  url: string;
}

export interface BullmqSettings {
  connection: RedisHostConnection | RedisUrlConnection;
  /** BullMQ key prefix (queue names are namespaced under it). */
  prefix?: string;
  /** Queue the coordinator enqueues task jobs on and `gluepy worker` takes them from (default "gluepy"). */
  queue?: string;
  /** How long a worker's lock on a running task lasts unrenewed: a dead worker's task is handed on after it. */
  lockDurationMs?: number;
  /** How often workers look for tasks whose worker died (stalled jobs). */
  stalledIntervalMs?: number;
  /** How many times a task may lose its worker before it fails. */
  maxStalledCount?: number;
}

export interface PodResources {
  requests?: Record<string, string>;
  limits?: Record<string, string>;
}

/** The worker-pool executor (`--executor worker-pool`): tasks in separate processes, in parallel. */
export interface WorkerPoolSettings {
  /** "shared": a process runs task after task with the project loaded; "per-task": a fresh process for every attempt. */
  isolation: "shared" | "per-task";
}

/** Gluepy's AIRFLOW_* and KUBERNETES_CONFIG settings. */
export interface AirflowSettings {
  /** Folder of project templates that override the built-in ones (AIRFLOW_TEMPLATE). */
  templatesDir?: string;
  /** Prefix of generated Airflow DAG ids (AIRFLOW_DAG_PREFIX). */
  prefix: string;
  /** ConfigMaps mounted into the pods as environment (AIRFLOW_CONFIGMAPS). */
  configMaps: string[];
  /** AIRFLOW_POD_RESOURCES. */
  podResources: PodResources;
  /** KUBERNETES_CONFIG. */
  kubeConfig: string;
  /** Airflow schedule of generated DAGs; null for manual runs only. */
  schedule: string | null;
  namespace?: string;
}

/** The container image of the project (`gluepy image generate`), which Airflow's pods and Dagster's steps run. */
export interface ImageSettings {
  /** The image's name; absent means the default, `<package.json name>:latest` (see defaultImageName). */
  name?: string;
  /** The image the generated Dockerfile builds FROM (default node:22-slim: npm installs nodejs-polars' platform binary only on Node 22 or later). */
  base: string;
}

/** How every generated orchestrator step (Airflow task, Dagster op) calls gluepy. */
export interface OrchestratorSettings {
  /** The program and its first arguments, e.g. ["gluepy"] or ["npx", "gluepy"]. */
  command: string[];
  /** The project folder where the step runs (passed as --project); absent: the image's working folder. */
  workingDir?: string;
  /** Environment variables set for every step. */
  env: Record<string, string>;
  /** The orchestrator's own retries of a failed step (Gluepy's task retries happen inside the step). */
  retries: number;
  retryDelaySeconds: number;
}

export interface DagsterSettings {
  /** Folder of project templates that override the built-in one. */
  templatesDir?: string;
  /** Prefix of generated Dagster job names (and module file names). */
  prefix: string;
}

/** The resolved settings every part of the runtime reads. Paths are absolute. */
export interface Settings {
  projectDir: string;
  /** The settings file these came from, when there was one (named in errors). */
  settingsFile?: string;
  storageRoot: string;
  storage: StorageSettings;
  /** Folder of the default context's YAML files. */
  configsDir: string;
  executor: string;
  /** Upper bound on tasks running at once; undefined means the CPU count. */
  concurrency?: number;
  bullmq: BullmqSettings;
  /** Absent means the defaults ({ isolation: "shared" }). */
  workerPool?: WorkerPoolSettings;
  airflow: AirflowSettings;
  dagster: DagsterSettings;
  orchestrator: OrchestratorSettings;
  image: ImageSettings;
  /** Project modules (paths relative to the project) that export CLI commands. */
  commands: string[];
  /**
   * Where the project's Tasks and DAGs are (files or folders, relative to the project): only these are
   * scanned for them. Empty: every source file of the project (see runtime/src/loader/project-files.ts).
   */
  modules: string[];
  /** The run cache (issue 13): reuse tasks whose fingerprint matches an earlier run. Off by default; `--cache` / `--no-cache` per run. */
  cache?: boolean;
}

type DeepPartial<T> = { [K in keyof T]?: T[K] extends (infer U)[] ? U[] : T[K] extends object | undefined ? DeepPartial<T[K]> : T[K] };

/** What `gluepy.config.ts` default-exports: every field optional. */
export type GluepyConfig = DeepPartial<Omit<Settings, "projectDir" | "settingsFile" | "bullmq" | "storage">> & {
  storage?: { backend?: StorageBackendName; s3?: S3Settings };
  bullmq?: { connection?: RedisHostConnection | RedisUrlConnection } & Partial<Omit<BullmqSettings, "connection">>;
};

/** Identity, for type checking a settings file: `export default defineConfig({...})`. */
export function defineConfig(config: GluepyConfig): GluepyConfig {
  return config;
}

export class SettingsError extends Error {
  constructor(
    readonly key: string,
    readonly file: string,
    problem: string,
  ) {
    super(`Invalid setting '${key}' in ${file}: ${problem}`);
    this.name = "SettingsError";
  }
}

const DEFAULT_AIRFLOW: AirflowSettings = {
  prefix: "",
  configMaps: [],
  podResources: { requests: { cpu: "1000m", memory: "128Mi" } },
  kubeConfig: "~/.kube/config",
  schedule: null,
};

/**
 * Fills defaults, applies GLUEPY_* environment overrides and validates.
 * `raw` is the default export of the settings file (or {} when the project has none).
 */
export function resolveSettings(
  raw: unknown,
  projectDir: string,
  env: NodeJS.ProcessEnv = process.env,
  settingsFile?: string,
): Settings {
  const file = settingsFile ?? path.join(projectDir, "gluepy.config.ts");
  const check = new Checker(file);
  const input = check.object("(default export)", raw ?? {});
  const root = path.resolve(projectDir);
  const inProject = (p: string) => path.resolve(root, p);

  const storageIn = check.object("storage", input.storage ?? {});
  const b = check.pick(env, "GLUEPY_STORAGE_BACKEND", "storage.backend", storageIn.backend ?? "local");
  const backend = b.from.oneOf(b.key, b.value, STORAGE_BACKENDS);
  const storage: StorageSettings = { backend };
  const s3 = s3Settings(check, storageIn.s3, env);
  if (s3) storage.s3 = s3;
  if (backend === "s3" && !s3) {
    throw new SettingsError("storage.s3.bucket", file, "the s3 backend needs a bucket (set storage.s3.bucket or GLUEPY_S3_BUCKET)");
  }

  const r = check.pick(env, "GLUEPY_STORAGE_ROOT", "storageRoot", input.storageRoot ?? "data");
  const storageRoot = inProject(r.from.nonEmptyString(r.key, r.value));
  const c = check.pick(env, "GLUEPY_CONFIGS_DIR", "configsDir", input.configsDir ?? "configs");
  const configsDir = inProject(c.from.nonEmptyString(c.key, c.value));
  const e = check.pick(env, "GLUEPY_EXECUTOR", "executor", input.executor ?? "in-process");
  const executor = e.from.nonEmptyString(e.key, e.value);

  const n = check.pick(env, "GLUEPY_CONCURRENCY", "concurrency", input.concurrency, Number);
  const concurrency = n.value === undefined ? undefined : n.from.positiveInt(n.key, n.value);

  const settings: Settings = {
    projectDir: root,
    storageRoot,
    storage,
    configsDir,
    executor,
    bullmq: bullmqSettings(check, input.bullmq, env),
    workerPool: { isolation: check.oneOf("workerPool.isolation", check.object("workerPool", input.workerPool ?? {}).isolation ?? "shared", ["shared", "per-task"] as const) },
    airflow: airflowSettings(check, input.airflow, inProject),
    dagster: dagsterSettings(check, input.dagster, inProject),
    orchestrator: orchestratorSettings(check, input.orchestrator),
    image: imageSettings(check, input.image),
    commands: check.stringList("commands", input.commands ?? []),
    modules: check.stringList("modules", input.modules ?? []).map(inProject),
  };
  if (settingsFile) settings.settingsFile = settingsFile;
  if (concurrency !== undefined) settings.concurrency = concurrency;
  if (input.cache !== undefined) settings.cache = check.boolean("cache", input.cache);
  return settings;
}

function s3Settings(check: Checker, raw: unknown, env: NodeJS.ProcessEnv): S3Settings | undefined {
  const s3In = check.object("storage.s3", raw ?? {});
  const bucket = check.pick(env, "GLUEPY_S3_BUCKET", "storage.s3.bucket", s3In.bucket);
  if (bucket.value === undefined) return undefined;
  const s3: S3Settings = { bucket: bucket.from.nonEmptyString(bucket.key, bucket.value) };
  const prefix = check.pick(env, "GLUEPY_S3_PREFIX", "storage.s3.prefix", s3In.prefix);
  const endpoint = check.pick(env, "GLUEPY_S3_ENDPOINT", "storage.s3.endpoint", s3In.endpoint);
  const region = check.pick(env, "GLUEPY_S3_REGION", "storage.s3.region", s3In.region);
  if (prefix.value !== undefined) s3.prefix = prefix.from.string(prefix.key, prefix.value);
  if (endpoint.value !== undefined) s3.endpoint = endpoint.from.string(endpoint.key, endpoint.value);
  if (region.value !== undefined) s3.region = region.from.string(region.key, region.value);
  if (s3In.forcePathStyle !== undefined) s3.forcePathStyle = check.boolean("storage.s3.forcePathStyle", s3In.forcePathStyle);
  return s3;
}

function bullmqSettings(check: Checker, raw: unknown, env: NodeJS.ProcessEnv): BullmqSettings {
  const bullIn = check.object("bullmq", raw ?? {});
  const settings: BullmqSettings = { connection: { host: "127.0.0.1", port: 6379 } };
  if (env.GLUEPY_REDIS_URL !== undefined) {
    settings.connection = { url: ENV.nonEmptyString("GLUEPY_REDIS_URL", env.GLUEPY_REDIS_URL) };
  } else if (bullIn.connection !== undefined) {
    const conn = check.object("bullmq.connection", bullIn.connection);
    if (conn.url !== undefined) {
      settings.connection = { url: check.nonEmptyString("bullmq.connection.url", conn.url) };
    } else {
      const hostConn: RedisHostConnection = {
        host: check.nonEmptyString("bullmq.connection.host", conn.host ?? "127.0.0.1"),
        port: check.positiveInt("bullmq.connection.port", conn.port ?? 6379),
      };
      if (conn.username !== undefined) hostConn.username = check.string("bullmq.connection.username", conn.username);
      if (conn.password !== undefined) hostConn.password = check.string("bullmq.connection.password", conn.password);
      if (conn.db !== undefined) hostConn.db = check.nonNegativeInt("bullmq.connection.db", conn.db);
      if (conn.tls !== undefined) hostConn.tls = check.boolean("bullmq.connection.tls", conn.tls);
      settings.connection = hostConn;
    }
  }
  const prefix = check.pick(env, "GLUEPY_BULLMQ_PREFIX", "bullmq.prefix", bullIn.prefix);
  if (prefix.value !== undefined) settings.prefix = prefix.from.nonEmptyString(prefix.key, prefix.value);
  const queue = check.pick(env, "GLUEPY_BULLMQ_QUEUE", "bullmq.queue", bullIn.queue);
  if (queue.value !== undefined) settings.queue = queue.from.nonEmptyString(queue.key, queue.value);
  if (bullIn.lockDurationMs !== undefined) settings.lockDurationMs = check.positiveInt("bullmq.lockDurationMs", bullIn.lockDurationMs);
  if (bullIn.stalledIntervalMs !== undefined) settings.stalledIntervalMs = check.positiveInt("bullmq.stalledIntervalMs", bullIn.stalledIntervalMs);
  if (bullIn.maxStalledCount !== undefined) settings.maxStalledCount = check.nonNegativeInt("bullmq.maxStalledCount", bullIn.maxStalledCount);
  return settings;
}

function airflowSettings(check: Checker, raw: unknown, inProject: (p: string) => string): AirflowSettings {
  const a = check.object("airflow", raw ?? {});
  const settings: AirflowSettings = {
    prefix: check.string("airflow.prefix", a.prefix ?? DEFAULT_AIRFLOW.prefix),
    configMaps: check.stringList("airflow.configMaps", a.configMaps ?? DEFAULT_AIRFLOW.configMaps),
    podResources: check.podResources("airflow.podResources", a.podResources ?? DEFAULT_AIRFLOW.podResources),
    kubeConfig: check.string("airflow.kubeConfig", a.kubeConfig ?? DEFAULT_AIRFLOW.kubeConfig),
    schedule: a.schedule === undefined || a.schedule === null ? null : check.string("airflow.schedule", a.schedule),
  };
  if (a.templatesDir !== undefined) settings.templatesDir = inProject(check.string("airflow.templatesDir", a.templatesDir));
  if (a.namespace !== undefined) settings.namespace = check.nonEmptyString("airflow.namespace", a.namespace);
  // One image for Airflow and Dagster: the old per-target key would silently lose to it.
  if (a.image !== undefined) check.moved("airflow.image", "image.name", a.image);
  return settings;
}

function dagsterSettings(check: Checker, raw: unknown, inProject: (p: string) => string): DagsterSettings {
  const d = check.object("dagster", raw ?? {});
  const settings: DagsterSettings = { prefix: check.string("dagster.prefix", d.prefix ?? "") };
  if (d.templatesDir !== undefined) settings.templatesDir = inProject(check.string("dagster.templatesDir", d.templatesDir));
  return settings;
}

function orchestratorSettings(check: Checker, raw: unknown): OrchestratorSettings {
  const o = check.object("orchestrator", raw ?? {});
  const command = check.stringList("orchestrator.command", o.command ?? ["gluepy"]);
  if (command.length === 0 || command[0].trim() === "") check.fail("orchestrator.command", "expected a program first", o.command);
  const env = check.object("orchestrator.env", o.env ?? {});
  const settings: OrchestratorSettings = {
    command,
    env: Object.fromEntries(Object.entries(env).map(([k, v]) => [k, check.string(`orchestrator.env.${k}`, v)])),
    retries: check.nonNegativeInt("orchestrator.retries", o.retries ?? 0),
    retryDelaySeconds: check.nonNegativeInt("orchestrator.retryDelaySeconds", o.retryDelaySeconds ?? 0),
  };
  if (o.workingDir !== undefined) settings.workingDir = check.nonEmptyString("orchestrator.workingDir", o.workingDir);
  return settings;
}

function imageSettings(check: Checker, raw: unknown): ImageSettings {
  const i = check.object("image", raw ?? {});
  const settings: ImageSettings = { base: check.nonEmptyString("image.base", i.base ?? "node:22-slim") };
  if (i.name !== undefined) settings.name = check.nonEmptyString("image.name", i.name);
  return settings;
}

/** A value to check, and how an error about it names it: a settings key, or the variable that set it. */
interface Picked {
  from: Checker;
  key: string;
  value: unknown;
}

/** Type checks of single values; each failure names the key and the file. */
class Checker {
  constructor(private readonly file: string) {}

  /** The environment variable when it is set (errors then name it), else the file's value of `key`. */
  pick(env: NodeJS.ProcessEnv, envName: string, key: string, fileValue: unknown, parse: (text: string) => unknown = (t) => t): Picked {
    const text = env[envName];
    return text === undefined ? { from: this, key, value: fileValue } : { from: ENV, key: envName, value: parse(text) };
  }

  fail(key: string, problem: string, value: unknown): never {
    throw new SettingsError(key, this.file, `${problem}, got ${describe(value)}`);
  }

  /** A key that no longer exists: says which one replaced it. */
  moved(key: string, replacement: string, value: unknown): never {
    throw new SettingsError(key, this.file, `this setting is now '${replacement}' (got ${describe(value)}); rename it`);
  }

  object(key: string, value: unknown): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) this.fail(key, "expected an object", value);
    return value as Record<string, unknown>;
  }

  string(key: string, value: unknown): string {
    if (typeof value !== "string") this.fail(key, "expected a string", value);
    return value;
  }

  nonEmptyString(key: string, value: unknown): string {
    if (typeof value !== "string" || value.trim() === "") this.fail(key, "expected a non-empty string", value);
    return value;
  }

  boolean(key: string, value: unknown): boolean {
    if (typeof value !== "boolean") this.fail(key, "expected true or false", value);
    return value;
  }

  positiveInt(key: string, value: unknown): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 1) this.fail(key, "expected a whole number of at least 1", value);
    return value;
  }

  nonNegativeInt(key: string, value: unknown): number {
    if (typeof value !== "number" || !Number.isInteger(value) || value < 0) this.fail(key, "expected a whole number of at least 0", value);
    return value;
  }

  oneOf<T extends string>(key: string, value: unknown, allowed: readonly T[]): T {
    if (!allowed.includes(value as T)) this.fail(key, `expected one of ${allowed.map((a) => `"${a}"`).join(", ")}`, value);
    return value as T;
  }

  stringList(key: string, value: unknown): string[] {
    if (!Array.isArray(value) || value.some((v) => typeof v !== "string")) this.fail(key, "expected a list of strings", value);
    return [...value];
  }

  podResources(key: string, value: unknown): PodResources {
    const obj = this.object(key, value);
    const out: PodResources = {};
    for (const part of ["requests", "limits"] as const) {
      if (obj[part] === undefined) continue;
      const entries = this.object(`${key}.${part}`, obj[part]);
      out[part] = Object.fromEntries(Object.entries(entries).map(([k, v]) => [k, this.string(`${key}.${part}.${k}`, v)]));
    }
    return out;
  }
}

const ENV = new Checker("the environment");

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "string") return JSON.stringify(value);
  if (typeof value === "object") return "an object";
  return `${typeof value} ${String(value)}`;
}
