// `gluepy image generate [dest]`: reads what the image needs from the project (its package.json and lock
// file, gluepy among its dependencies, where its storage root is) and writes the Dockerfile and its
// ignore file. Bad input (no lock file, no gluepy dependency) is a UsageError naming what to do.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve } from "node:path";
import type { Settings } from "../../conf/settings";
import { UsageError } from "../../exec/errors";
import { DOCKERFILE_HEADER, type ImageRecipe, renderDockerfile, renderDockerignore } from "./dockerfile";
import { imageName } from "./image-name";

export interface GeneratedImageFiles {
  dockerfile: string;
  ignoreFile: string;
  name: string;
  buildCommand: string;
}

interface PackageJson {
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

/** The path of `to` from `from`, "/"-separated, "." for the same folder. */
function posixRelative(from: string, to: string): string {
  return relative(from, to).split("\\").join("/") || ".";
}

export function generateImage(settings: Settings, dest: string | undefined, opts: { force?: boolean } = {}): GeneratedImageFiles {
  const project = settings.projectDir;
  const packageFile = join(project, "package.json");
  if (!existsSync(packageFile)) throw new UsageError(`No package.json in ${project}: the image installs the project's dependencies from it; run \`npm init\` and \`npm install gluepy\`.`);
  let pkg: PackageJson;
  try {
    pkg = JSON.parse(readFileSync(packageFile, "utf8")) as PackageJson;
  } catch (err) {
    throw new UsageError(`${packageFile} is not valid JSON (${(err as Error).message}); fix it and generate again.`);
  }
  const lockFile = ["package-lock.json", "npm-shrinkwrap.json"].find((f) => existsSync(join(project, f)));
  if (!lockFile) throw new UsageError(`No package-lock.json in ${project}: the image installs exactly what it locks (npm ci); run \`npm install\` there first.`);
  const inDependencies = pkg.dependencies?.gluepy !== undefined;
  if (!inDependencies && pkg.devDependencies?.gluepy === undefined) {
    throw new UsageError(`${packageFile} does not depend on gluepy, so the image would not have it; run \`npm install gluepy\` in ${project}.`);
  }
  const localPackages = Object.values({ ...pkg.devDependencies, ...pkg.dependencies })
    .filter((spec) => spec.startsWith("file:"))
    .map((spec) => {
      const path = spec.slice("file:".length);
      const rel = posixRelative(project, resolve(project, path));
      if (isAbsolute(path) || rel.startsWith("..")) {
        throw new UsageError(`The dependency '${spec}' in ${packageFile} lies outside the project, so the image cannot copy it; move it into the project (e.g. vendor/).`);
      }
      return rel;
    });

  const folder = resolve(project, dest ?? ".");
  // Docker reads `.dockerignore` at the root of the build context (the project); a Dockerfile elsewhere
  // gets its own `<Dockerfile>.dockerignore`, which BuildKit reads instead.
  const inProject = folder === project;
  const dockerfile = join(folder, "Dockerfile");
  const ignoreFile = inProject ? join(project, ".dockerignore") : `${dockerfile}.dockerignore`;
  // Never overwrite the project's own files silently; regenerating gluepy's is fine.
  for (const file of [dockerfile, ignoreFile]) {
    if (!opts.force && existsSync(file) && !readFileSync(file, "utf8").startsWith(DOCKERFILE_HEADER)) {
      throw new UsageError(`${file} exists and was not written by gluepy; pass --force to replace it, or give another destination.`);
    }
  }
  const name = imageName(settings.image, project);
  const storage = posixRelative(project, settings.storageRoot);
  const buildCommand = inProject ? `docker build -t ${name} .` : `docker build -f ${posixRelative(project, dockerfile)} -t ${name} .`;
  const recipe: ImageRecipe = {
    base: settings.image.base,
    name,
    lockFile,
    localPackages,
    omitDev: inDependencies,
    storageRoot: storage.startsWith("..") || isAbsolute(storage) ? null : storage === "." ? "" : storage,
    buildCommand,
  };
  mkdirSync(folder, { recursive: true });
  writeFileSync(dockerfile, renderDockerfile(recipe));
  writeFileSync(ignoreFile, renderDockerignore(recipe));
  return { dockerfile, ignoreFile, name, buildCommand };
}
