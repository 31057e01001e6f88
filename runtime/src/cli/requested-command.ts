// Which command a `gluepy` command line asks for: main.ts loads only that command's module, and the
// launcher keeps the V8 code cache of each command apart (a run of one command caches what it compiled).

/** The command name in argv (after global options), the one `help` is asked about, or undefined. */
export function requestedCommand(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--project") i++;
    else if (!arg.startsWith("-")) return arg === "help" && argv[i + 1] && !argv[i + 1]!.startsWith("-") ? argv[i + 1] : arg;
  }
  return undefined;
}
