// What to do when nodejs-polars finds no native binary for this machine: npm leaves its platform package
// out on Node 20 (the package declares node >= 22, though the binary loads on 20), so a project that
// installed gluepy there has no binary until it installs that package itself.

/** The user's way out when `error` says a nodejs-polars platform package is missing, else undefined. */
export function missingPolarsBinaryMessage(error: unknown, nodeVersion: string, polarsVersion: string): string | undefined {
  const missing = /Cannot find module '(nodejs-polars-[a-z0-9-]+)'/.exec(error instanceof Error ? error.message : String(error));
  if (!missing) return undefined;
  const install = `npm install ${missing[1]}@${polarsVersion}`;
  const major = Number(nodeVersion.replace(/^v/, "").split(".")[0]);
  const old = major < 22;
  const why = old ? ` (npm leaves it out on Node ${major}, as it declares node >= 22)` : "";
  return `nodejs-polars has no native binary for this machine: ${missing[1]} is not installed${why}. Run \`${install}\` in the project${old ? ", or install with Node 22 or later" : ""}.`;
}
