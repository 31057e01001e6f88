// Picks the storage backend the settings name. S3 is loaded only when asked for: its SDK is large, and a
// CLI start on local storage must not pay for it.

import type { Settings } from "../../conf/settings";
import type { Storage } from "./base";
import { LocalStorage } from "./local";
import { MemoryStorage } from "./memory";

export type { Storage, StorageContent } from "./base";
export { StorageNotFoundError, StoragePathError } from "./base";
export { LocalStorage } from "./local";
export { MemoryStorage } from "./memory";

export async function createStorage(settings: Pick<Settings, "storage" | "storageRoot">): Promise<Storage> {
  switch (settings.storage.backend) {
    case "local":
      return new LocalStorage(settings.storageRoot);
    case "memory":
      return new MemoryStorage();
    case "s3": {
      if (!settings.storage.s3) throw new Error("The s3 storage backend needs storage.s3.bucket in gluepy.config.ts (or GLUEPY_S3_BUCKET).");
      const { S3Storage } = await import("./s3");
      return new S3Storage(settings.storage.s3);
    }
  }
}
