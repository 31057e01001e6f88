// The start task (Gluepy's bootstrap): before any task of a run, build the run's context and save it
// as `context.yaml` in the run folder; a retried run loads its saved context back (patches still apply).

import path from "node:path";
import { CONTEXT_FILE } from "../../../shared/run-folder-layout";
import { buildContext, contextToYaml, parseContextYaml, type Context, type RunMeta } from "../conf/context";
import type { Storage } from "../files/storages/base";

export interface StartTaskInput {
  configsDir: string;
  storage: Storage;
  meta: RunMeta;
  /** True on `--retry`: the folder's context.yaml, when there is one, replaces configs/*.yaml. */
  retry: boolean;
  patches: readonly string[];
  localPatches: readonly string[];
  cwd: string;
  warn?: (message: string) => void;
}

export async function runStartTask(input: StartTaskInput): Promise<Context> {
  const file = path.posix.join(input.meta.runFolder, CONTEXT_FILE);
  const base = input.retry && (await input.storage.exists(file)) ? parseContextYaml((await input.storage.open(file)).toString("utf8"), file) : undefined;
  const context = await buildContext({
    configsDir: input.configsDir,
    patches: input.patches,
    localPatches: input.localPatches,
    storage: input.storage,
    meta: input.meta,
    base,
    cwd: input.cwd,
    warn: input.warn,
  });
  await input.storage.touch(file, contextToYaml(context));
  return context;
}
