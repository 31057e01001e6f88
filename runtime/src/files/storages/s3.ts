// S3-compatible object storage (AWS S3, or any server speaking its REST API): the backend for runs whose
// tasks execute on machines that share no disk. Folders are key prefixes; `mkdir` leaves a "dir/" marker
// object so an empty folder exists, as it would on a disk.

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
import type { S3Settings } from "../../conf/settings";
import { type Storage, type StorageContent, StorageNotFoundError } from "./base";
import { contentToBuffer, normalizeStoragePath as normalize, runFolderPath } from "./paths";

/**
 * The storage.s3 settings, plus explicit credentials; without them the SDK's usual chain applies
 * (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, profiles, instance roles).
 * An `endpoint` means an S3-compatible server, which gets path-style URLs unless told otherwise.
 */
export interface S3StorageOptions extends S3Settings {
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
    // The SDK warns that its future releases need a newer Node; ours is pinned with the runtime, so the
    // notice is noise in every run's log.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
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
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: key, Body: await contentToBuffer(content) }));
  }

  async open(path: string): Promise<Buffer> {
    const key = this.fileKey(path);
    try {
      const out = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return Buffer.from(await out.Body!.transformToByteArray());
    } catch (err) {
      if (isNotFound(err)) throw new StorageNotFoundError(path, this.abspath(path));
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
    if (!(await this.isdir(from))) throw new StorageNotFoundError(src, this.abspath(src));
    const fromPrefix = this.dirPrefix(from);
    const toPrefix = this.dirPrefix(to);
    for await (const page of this.list(fromPrefix)) {
      for (const o of page.Contents ?? []) await this.copyKey(o.Key!, toPrefix + o.Key!.slice(fromPrefix.length));
    }
  }

  async ls(path: string): Promise<{ files: string[]; dirs: string[] }> {
    const rel = normalize(path);
    const prefix = this.dirPrefix(rel);
    const files: string[] = [];
    const dirs = new Set<string>();
    let found = false;
    // Every key beneath, not a "/"-delimited listing: some S3-compatible servers (s3rver) leave out a
    // folder that holds only deeper folders from the delimited listing's CommonPrefixes.
    for await (const page of this.list(prefix)) {
      for (const o of page.Contents ?? []) {
        found = true;
        const name = o.Key!.slice(prefix.length);
        const slash = name.indexOf("/");
        if (slash === -1) {
          if (name !== "") files.push(name);
        } else dirs.add(name.slice(0, slash));
      }
    }
    if (!found && rel !== "") throw new StorageNotFoundError(path, this.abspath(path));
    return { files: files.sort(), dirs: [...dirs].sort() };
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
    return runFolderPath(path);
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

  private async *list(prefix: string): AsyncGenerator<ListObjectsV2CommandOutput> {
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.bucket, Prefix: prefix, ContinuationToken: token }));
      yield page;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

}

function isNotFound(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e?.name === "NoSuchKey" || e?.name === "NotFound" || e?.$metadata?.httpStatusCode === 404;
}
