// The name of the project's container image: the one setting (image.name) the generated Airflow and
// Dagster files run, defaulting to the name `gluepy image generate` tells you to build it under.

import { readFileSync } from "node:fs";
import { basename, join } from "node:path";
import type { ImageSettings } from "../../conf/settings";

/**
 * `<package name>:latest`, made a valid image reference: lower case, an npm scope's "@" dropped
 * ("@acme/forecast" → "acme/forecast"), other characters Docker refuses turned into "-".
 */
export function defaultImageName(packageName: string): string {
  const repository = packageName
    .toLowerCase()
    .replace(/^@/, "")
    .split("/")
    .map((part) => part.replace(/[^a-z0-9._-]+/g, "-").replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, ""))
    .filter(Boolean)
    .join("/");
  return `${repository || "gluepy-project"}:latest`;
}

/** The project's package name: package.json's "name", else the folder's name. */
export function projectPackageName(projectDir: string): string {
  try {
    const name = (JSON.parse(readFileSync(join(projectDir, "package.json"), "utf8")) as { name?: unknown }).name;
    if (typeof name === "string" && name.trim()) return name;
  } catch {
    // No or unreadable package.json: the folder names the project.
  }
  return basename(projectDir);
}

/** The image the orchestrators run: image.name, or the default for this project. */
export function imageName(image: ImageSettings, projectDir: string): string {
  return image.name ?? defaultImageName(projectPackageName(projectDir));
}
