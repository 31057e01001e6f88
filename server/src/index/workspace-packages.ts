// Packages of a monorepo inside the workspace (a package.json with a "name"), so that an import by
// package name (`@org/tasks`, `@org/tasks/sub`) reaches the package's TypeScript sources, as it would
// through the node_modules link a package manager makes.

import * as path from "node:path";
import { parseManifest } from "../../../shared/package-manifest";

export interface WorkspacePackage {
  dir: string;
  /** Entry files the package.json names (types, exports, module, main), absolute, in that order. */
  entries: string[];
}

/** Reads one package.json; undefined when it has no name or does not parse. */
export function readWorkspacePackage(file: string, text: string): { name: string; pkg: WorkspacePackage } | undefined {
  const manifest = parseManifest(text);
  if (!manifest || typeof manifest.name !== "string" || manifest.name === "") return undefined;
  const dir = path.dirname(file);
  const named: string[] = [];
  collectEntryStrings(typeof manifest.exports === "object" && manifest.exports !== null && "." in manifest.exports ? (manifest.exports as Record<string, unknown>)["."] : manifest.exports, named);
  for (const field of ["types", "typings", "module", "main"]) if (typeof manifest[field] === "string") named.push(manifest[field] as string);
  return { name: manifest.name, pkg: { dir, entries: named.map((e) => path.resolve(dir, e.replace(/\.d\.(m?ts)$/, ".$1"))) } };
}

/** String leaves of an `exports` entry (conditions like "types", "import", "default"), in order. */
function collectEntryStrings(value: unknown, out: string[]) {
  if (typeof value === "string") out.push(value);
  else if (value && typeof value === "object" && !Array.isArray(value)) for (const v of Object.values(value)) collectEntryStrings(v, out);
}

/** `@scope/name/sub/path` → ["@scope/name", "sub/path"]. */
export function splitPackageSpecifier(spec: string): [name: string, subpath: string] {
  const parts = spec.split("/");
  const n = spec.startsWith("@") ? 2 : 1;
  return [parts.slice(0, n).join("/"), parts.slice(n).join("/")];
}
