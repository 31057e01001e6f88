// Reads a package.json's text as an object of fields, for the places that look inside one (a project's
// gluepy dependency, a workspace package's name and entries). Pure.

/** The manifest's fields; undefined when the text does not parse or is not an object. */
export function parseManifest(text: string): Record<string, unknown> | undefined {
  try {
    const json: unknown = JSON.parse(text);
    return json && typeof json === "object" && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
