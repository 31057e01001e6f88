// Gluepy's data manager: data frames (polars) read from and written to storage, so the same task code
// works on local, memory and S3 storage. Paths are run-folder relative unless `{ root: true }`.

import type { Storage } from "../storages/base";
import { type DataFormat, decodeFrame, encodeFrame, formatOf } from "./formats";
import { type DataFrame, loadPolars, type PolarsModule } from "./polars";

export interface DataPathOptions {
  /** The path is relative to the storage root instead of the run folder. */
  root?: boolean;
  /** Overrides the format the extension implies. */
  format?: DataFormat;
}

export class DataManager {
  constructor(private readonly storage: Storage) {}

  async read(path: string, options: DataPathOptions = {}): Promise<DataFrame> {
    const where = this.storagePath(path, options);
    const format = formatOf(path, options.format);
    const [pl, bytes] = await Promise.all([loadPolars(), this.storage.open(where)]);
    try {
      return decodeFrame(pl, bytes, format);
    } catch (err) {
      throw new Error(`Cannot read ${this.storage.abspath(where)} as ${format}: ${(err as Error).message}`);
    }
  }

  async write(path: string, df: DataFrame, options: DataPathOptions = {}): Promise<void> {
    const where = this.storagePath(path, options);
    await this.storage.touch(where, encodeFrame(df, formatOf(path, options.format)));
  }

  /** A new DataFrame from columns or rows, without the project importing polars itself. */
  async frame(data: Record<string, unknown[]> | Record<string, unknown>[]): Promise<DataFrame> {
    return (await loadPolars()).DataFrame(data);
  }

  /** The polars module, for everything else (expressions, concat, ...). */
  polars(): Promise<PolarsModule> {
    return loadPolars();
  }

  private storagePath(path: string, options: DataPathOptions): string {
    // runpath refuses a path that climbs out of the run folder; storage refuses one that leaves the root.
    return options.root ? path : this.storage.runpath(path);
  }
}
