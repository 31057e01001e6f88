// `gluepy preview <file> [--rows N] [--offset K] [--format F] [--json]`: a data file's schema, row count
// and some of its rows, read through the project's storage (S3 too) with polars' lazy scans, reading no
// more of the file than the rows asked for need (files/data/frame-slice.ts). It loads the project's
// settings (gluepy.config.ts, for the storage) and no other project module: no task or DAG code runs.

import type { Command } from "commander";
import { runtime } from "gluepy";
import { EXIT_OK } from "../../../../shared/exit-codes";
import { readFrameSlice } from "../../files/data/frame-slice";
import { DATA_FORMATS, type DataFormat, formatOf } from "../../files/data/formats";
import { loadPolars } from "../../files/data/polars";
import { withLocalFile } from "../../files/local-file";
import { createStorage, LocalStorage, type Storage } from "../../files/storages/index";
import { projectDirOf, type CliIO } from "../cli-io";
import { describeFrameSlice } from "../output/frame-table";
import { colorsEnabled, paletteFor } from "../output/palette";
import { storageFileCandidates } from "../storage-file-arg";

const DEFAULT_ROWS = 20;

interface PreviewOptions {
  rows?: string;
  offset?: string;
  format?: string;
  json?: boolean;
}

export function configure(cmd: Command, io: CliIO): void {
  cmd
    .argument("<file>", "a csv, parquet, json or jsonl file in the project's storage: from the storage root (runs/.../x.parquet), or its path on this machine")
    .option("--rows <n>", `how many rows to print (default ${DEFAULT_ROWS})`)
    .option("--offset <k>", "the first row to print, counted from 0 (default 0)")
    .option("--format <format>", `${DATA_FORMATS.join(", ")} (default: from the file's extension)`)
    .option("--json", "print {file, format, columns: [{name, type}], totalRows, offset, rows: [[cell, ...], ...]}")
    .action(async (arg: string, opts: PreviewOptions) => {
      const rows = wholeNumber("--rows", opts.rows, DEFAULT_ROWS);
      const offset = wholeNumber("--offset", opts.offset, 0);
      const settings = runtime.loadProjectSettings(projectDirOf(cmd), { env: io.env });
      const storage = await createStorage(settings);
      const file = await findFile(storage, storageFileCandidates(arg, settings.storageRoot, process.cwd(), storage instanceof LocalStorage), arg);
      const format = formatArg(file, opts.format);
      const pl = await loadPolars();
      const slice = await withLocalFile(storage, file, (local) => readFrameSlice(pl, local, format, { offset, rows }, file));
      io.exitCode = EXIT_OK;
      if (opts.json) io.stdout.write(JSON.stringify({ file, format, ...slice }) + "\n");
      else io.stdout.write(describeFrameSlice(file, format, slice, paletteFor(colorsEnabled(io.stdout, io.env))) + "\n");
    });
}

/** The first candidate that is a file in storage; a missing file is bad input (exit 2), not a failure. */
async function findFile(storage: Storage, candidates: string[], arg: string): Promise<string> {
  for (const candidate of candidates) if (await storage.isfile(candidate)) return candidate;
  const where = candidates.map((c) => storage.abspath(c)).join(" or ");
  throw new runtime.UsageError(`No file '${arg}' in the project's storage (looked for ${where}); give its path from the storage root, as \`gluepy runs\` and state.json name run folders.`);
}

function formatArg(file: string, format: string | undefined): DataFormat {
  try {
    return formatOf(file, format as DataFormat | undefined);
  } catch (err) {
    throw new runtime.UsageError((err as Error).message.replace("pass { format }", "pass --format"));
  }
}

function wholeNumber(flag: string, value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n)) throw new runtime.UsageError(`${flag} '${value}': expected a whole number of at least 0.`);
  return n;
}
