// How the coordinator and `gluepy worker` find each other on Redis: the queue, its connection and the
// engine's stalled-job settings, from the project's `bullmq` settings. Also the shapes of what travels
// on the queue, so both ends agree.

import type { ContextRead } from "../../../../shared/run-cache";
import type { ConnectionOptions } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";
import type { TaskError, TaskFile } from "../../../../shared/events";
import type { BullmqSettings } from "../../conf/settings";

export const DEFAULT_QUEUE = "gluepy";

/** Job names on the queue: one task of a coordinated run, or a whole DAG run (the simpler mode). */
export const TASK_JOB = "task";
export const RUN_JOB = "run";

export interface QueueConfig {
  name: string;
  connection: ConnectionOptions;
  prefix?: string;
  lockDuration?: number;
  stalledInterval?: number;
  maxStalledCount?: number;
}

export function queueConfig(settings: BullmqSettings): QueueConfig {
  const conn = settings.connection;
  const connection: ConnectionOptions =
    "url" in conn
      ? { url: conn.url }
      : {
          host: conn.host,
          port: conn.port,
          username: conn.username,
          password: conn.password,
          db: conn.db,
          ...(conn.tls ? { tls: {} } : {}),
        };
  return {
    name: settings.queue ?? DEFAULT_QUEUE,
    connection,
    prefix: settings.prefix,
    lockDuration: settings.lockDurationMs,
    stalledInterval: settings.stalledIntervalMs,
    maxStalledCount: settings.maxStalledCount,
  };
}

/** Where Redis is, for messages ("redis://127.0.0.1:6379, queue 'gluepy'"). */
export function describeQueue(config: QueueConfig | BullmqSettings): string {
  if (!("name" in config)) return describeQueue(queueConfig(config));
  const c = config.connection as { url?: string; host?: string; port?: number };
  return `${c.url ?? `redis://${c.host}:${c.port}`}, queue '${config.name}'`;
}

/** BullMQ's key of a queue's event stream. */
export function eventsKey(config: QueueConfig): string {
  return `${config.prefix ?? "bull"}:${config.name}:events`;
}

/** A Redis client of its own on the queue's connection (for the cancel channel, which BullMQ does not offer). */
export function redisClient(config: QueueConfig, options: RedisOptions = {}): Redis {
  const c = config.connection as { url?: string };
  return c.url ? new Redis(c.url, options) : new Redis({ ...(config.connection as object), ...options });
}

/**
 * Connects once, failing fast with a message that says what to do (BullMQ's own clients retry for
 * ever), and returns the id of the newest event of the queue ("0-0" when there is none yet).
 */
export async function probeQueue(config: QueueConfig): Promise<string> {
  const redis = redisClient(config, { lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0, connectTimeout: 5000 });
  // The first error says why (e.g. ECONNREFUSED); the rejected connect only says the connection closed.
  let cause: Error | undefined;
  redis.on("error", (err: Error) => (cause ??= err));
  try {
    await redis.connect();
    const last = await redis.xrevrange(eventsKey(config), "+", "-", "COUNT", 1);
    return last[0]?.[0] ?? "0-0";
  } catch (err) {
    throw new Error(
      `Cannot reach Redis at ${describeQueue(config)} (${(cause ?? (err as Error)).message.replace(/\.$/, "")}). ` +
        "Start Redis, or point bullmq.connection in gluepy.config.ts (or GLUEPY_REDIS_URL) at it.",
    );
  } finally {
    redis.disconnect();
  }
}

/** What a worker reports while it runs a task job (as BullMQ job progress). */
export type TaskProgress =
  | { kind: "log"; stream: "stdout" | "stderr"; text: string }
  | { kind: "metric"; key: string; value: number }
  | { kind: "attempt-failed"; durationMs: number; error: TaskError; outputs?: TaskFile[]; inputs?: TaskFile[] };

/** The pub/sub channel a coordinator announces a cancelled run on (the message is the run id). */
export function cancelChannel(config: QueueConfig): string {
  return `${config.prefix ?? "bull"}:${config.name}:gluepy-cancel`;
}

/** How a worker's failure of a cancelled attempt starts: not retried, and run anew on a resume. */
export const CANCELLED_REASON = "Cancelled:";

/** What a task job returns when its attempt succeeded. */
export interface TaskJobResult {
  durationMs: number;
  /** The files the attempt wrote and read (task-files.ts), for the run's state.json. */
  outputs?: TaskFile[];
  inputs?: TaskFile[];
  /** With the run cache on: what the attempt read of the context (its fingerprint, issue 13). */
  contextReads?: ContextRead[];
}
