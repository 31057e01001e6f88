// S3-compatible object storage (AWS S3, or any server speaking its REST API): the backend for runs whose
// tasks execute on machines that share no disk. Folders are key prefixes; `mkdir` leaves a "dir/" marker
// object so an empty folder exists, as it would on a disk.

import { posix } from "node:path";
import type { Readable } from "node:stream";
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  type ListObjectsV2CommandOutput,
} from "@aws-sdk/client-s3";
import { currentScope } from "../../exec/scope";
import { type Storage, type StorageContent, StoragePathError } from "./base";

export interface S3StorageOptions {
  bucket: string;
  /** Key prefix under which the storage root lives ("" for the bucket root). */
  prefix?: string;
  /** Endpoint of an S3-compatible server ("http://127.0.0.1:9000"); AWS when absent. */
  endpoint?: string;
  region?: string;
  /** Path-style URLs (bucket in the path), what most S3-compatible servers need. */
  forcePathStyle?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
}

export class S3Storage implements Storage {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3StorageOptions) {
    if (!options.bucket) throw new Error("S3 storage needs a bucket: set storage.s3.bucket in the settings.");
    this.bucket = options.bucket;
    this.prefix = (options.prefix ?? "").replace(/^\/+|\/+$/g, "");
    const credentials =
      options.accessKeyId && options.secretAccessKey
        ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
        : undefined;
    this.client = new S3Client({
      region: options.region ?? "us-east-1",
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle ?? Boolean(options.endpoint),
      credentials,
      // Checksums only where S3 demands them: many S3-compatible servers reject the newer checksum headers.
      requestChecksumCalculation: "WHEN_REQUIRED",
      responseChecksumValidation: "WHEN_REQUIRED",
    });
  }

  async touch(path: string, content: StorageContent): Promise<void> {
    const key = this.fileKey(path);
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: await toBuffer(content) }));
  }

  async open(path: string): Promise<Buffer> {
    const key = this.fileKey(path);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return Buffer.from(await out.Body!.transformToByteArray());
    } catch (err) {
      if (isNotFound(err)) throw notFound(path, this.abspath(path));
      throw err;
    }
  }

  async rm(path: string): Promise<void> {
    const rel = normalize(path);
    const keys = rel === "" ? [] : [this.key(rel)];
    for await (const page of this.list(this.dirPrefix(rel))) keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    // DeleteObjects takes at most 1,000 keys a request.
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000).map((Key) => ({ Key }));
      await this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch, Quiet: true } }));
    }
  }

  async cp(src: string, dest: string): Promise<void> {
    const from = normalize(src);
    const to = normalize(dest);
    if (await this.isfile(from)) {
      await this.copyKey(this.key(from), this.fileKey(to));
      return;
    }
    if (!(await this.isdir(from))) throw notFound(src, this.abspath(src));
    const fromPrefix = this.dirPrefix(from);
    const toPrefix = this.dirPrefix(to);
    for await (const page of this.list(fromPrefix)) {
      for (const o of page.Contents ?? []) await this.copyKey(o.Key!, toPrefix + o.Key!.slice(fromPrefix.length));
    }
  }

  async ls(path: string): Promise<{ files: string[]; dirs: string[] }> {
    const prefix = this.dirPrefix(normalize(path));
    const files: string[] = [];
    const dirs: string[] = [];
    for await (const page of this.list(prefix, "/")) {
      for (const o of page.Contents ?? []) {
        const name = o.Key!.slice(prefix.length);
        if (name !== "") files.push(name);
      }
      for (const p of page.CommonPrefixes ?? []) dirs.push(p.Prefix!.slice(prefix.length, -1));
    }
    return { files: files.sort(), dirs: dirs.sort() };
  }

  async mkdir(path: string): Promise<void> {
    const rel = normalize(path);
    if (rel === "") return;
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: this.dirPrefix(rel), Body: new Uint8Array(0) }));
  }

  async isdir(path: string): Promise<boolean> {
    const rel = normalize(path);
    if (rel === "") return true;
    const out = await this.client.send(
      new ListObjectsV2Command({ Bucket: this.bucket, Prefix: this.dirPrefix(rel), MaxKeys: 1 }),
    );
    return (out.KeyCount ?? out.Contents?.length ?? 0) > 0;
  }

  async isfile(path: string): Promise<boolean> {
    const rel = normalize(path);
    if (rel === "") return false;
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: this.key(rel) }));
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  }

  async exists(path: string): Promise<boolean> {
    return (await this.isfile(path)) || (await this.isdir(path));
  }

  runpath(path: string): string {
    const scope = currentScope();
    if (!scope) throw new Error(`storage.runpath('${path}') needs a run: call it from a task's run().`);
    return normalize(posix.join(scope.runFolder, path));
  }

  abspath(path: string): string {
    return `s3://${this.bucket}/${this.key(normalize(path))}`;
  }

  /** Closes the client's connections (a long-lived process that replaces its storage calls it). */
  destroy(): void {
    this.client.destroy();
  }

  private key(rel: string): string {
    return this.prefix && rel ? `${this.prefix}/${rel}` : this.prefix || rel;
  }

  /** The key of a file: the root itself is a folder, never a file. */
  private fileKey(path: string): string {
    const rel = normalize(path);
    if (rel === "") throw new Error(`'${path}' names the storage root, not a file; give a file path.`);
    return this.key(rel);
  }

  private dirPrefix(rel: string): string {
    const key = this.key(rel);
    return key === "" ? "" : `${key}/`;
  }

  private async copyKey(from: string, to: string): Promise<void> {
    // CopySource is "bucket/key", URL-encoded per segment.
    const source = `${this.bucket}/${from.split("/").map(encodeURIComponent).join("/")}`;
    await this.client.send(new CopyObjectCommand({ Bucket: this.bucket, Key: to, CopySource: source }));
  }

  private async *list(prefix: string, delimiter?: string): AsyncGenerator<ListObjectsV2CommandOutput> {
    let token: string | undefined;
    do {
      const page = await this.client.send(
        new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, Delimiter: delimiter, ContinuationToken: token }),
      );
      yield page;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }
}

/** Root-relative, "/"-separated, no leading or trailing slash; refuses a path that leaves the root. */
function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split(/[\\/]+/)) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (parts.length === 0) throw new StoragePathError(path);
      parts.pop();
    } else parts.push(part);
  }
  return parts.join("/");
}

async function toBuffer(content: StorageContent): Promise<Buffer> {
  if (typeof content === "string") return Buffer.from(content, "utf8");
  if (content instanceof Uint8Array) return Buffer.from(content);
  const chunks: Buffer[] = [];
  for await (const chunk of content as Readable) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
}

/** The same error shape as a missing local file, so callers handle every backend alike. */
function notFound(path: string, where: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`No such file in storage: '${path}' (${where}).`);
  err.code = "ENOENT";
  err.path = path;
  return err;
}
