// A real Redis for tests: Debian's redis-server on a free loopback port, in a scratch folder, no
// persistence; stopped (and its folder removed) by `stop()`, which tests call from an `after` hook.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { waitForExit, waitForLine } from "../scaleout/process";
import { freePort } from "../../../test/support/free-port";

export interface TestRedis {
  host: string;
  port: number;
  url: string;
  stop(): Promise<void>;
}

export async function startRedis(): Promise<TestRedis> {
  const dir = mkdtempSync(join(tmpdir(), "gluepy-redis-"));
  // Redis takes no "port 0": take a free port from the OS and hand it over (retry if someone races us).
  for (let tries = 0; ; tries++) {
    const port = await freePort();
    const child = spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir, "--loglevel", "notice"],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    try {
      await waitForLine(child, /Ready to accept connections/, 15_000);
    } catch (err) {
      if (child.exitCode === null) child.kill("SIGKILL");
      if (tries < 3) continue;
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`redis-server did not start (is it installed? scripts/setup.sh --test installs it): ${(err as Error).message}`);
    }
    return {
      host: "127.0.0.1",
      port,
      url: `redis://127.0.0.1:${port}`,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) {
          child.kill("SIGTERM");
          await waitForExit(child, 10_000);
        }
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

