// A real S3-compatible server (s3rver's own command) in its own process on a free loopback port, for
// tests of the S3 storage backend. s3rver signs list continuation tokens with DES, which OpenSSL 3 only
// offers through its legacy provider, hence the flag.

import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { S3StorageOptions } from "../../src/files/storages/s3";
import { waitForLine } from "./process";

export interface S3TestServer {
  /** Options that connect an S3Storage to this server's bucket. */
  options(prefix?: string): S3StorageOptions;
  stop(): Promise<void>;
}

export async function startS3Server(bucket = "gluepy-test"): Promise<S3TestServer> {
  const directory = mkdtempSync(join(tmpdir(), "gluepy-s3-"));
  const bin = require.resolve("s3rver/bin/s3rver.js");
  const child = spawn(
    process.execPath,
    ["--openssl-legacy-provider", bin, "-d", directory, "-a", "127.0.0.1", "-p", "0", "-s", "--configure-bucket", bucket],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGTERM");
      await exited;
    }
    rmSync(directory, { recursive: true, force: true });
  };
  let port: number;
  try {
    const line = await waitForLine(child, /S3rver listening on [\d.]+:(\d+)/, 15_000);
    port = Number(line.match(/:(\d+)/)![1]);
  } catch (err) {
    await stop();
    throw err;
  }
  const endpoint = `http://127.0.0.1:${port}`;
  return {
    options: (prefix = "") => ({
      bucket,
      prefix,
      endpoint,
      forcePathStyle: true,
      region: "us-east-1",
      accessKeyId: "S3RVER",
      secretAccessKey: "S3RVER",
    }),
    stop,
  };
}
