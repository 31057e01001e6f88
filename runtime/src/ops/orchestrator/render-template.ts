// Renders a generated orchestrator file with nunjucks (Jinja syntax). Template lookup, the same for every
// target: the DAG's own `<label>.py.njk`, then the project's file (e.g. `dag.py.njk`), both in the
// target's templatesDir, then the built-in one, which project templates may `{% extends %}`.

import { existsSync } from "node:fs";
import { join } from "node:path";
import nunjucks from "nunjucks";
import { UsageError } from "../../exec/errors";
import { pythonLiteral } from "./python-literal";

/** One target's templates: the built-in one (inlined, so the bundled CLI needs no template files). */
export interface TemplateSet {
  /** What the file is, for error messages ("Airflow DAG"). */
  what: string;
  /** The built-in template's name, which project templates extend (e.g. "gluepy/dag.py.njk"). */
  builtinName: string;
  builtinSource: string;
  /** The project-wide override's file name in templatesDir (e.g. "dag.py.njk"). */
  projectName: string;
}

export function dagTemplateName(label: string): string {
  return `${label}.py.njk`;
}

/** The template a DAG renders with: its own, the project's, or the built-in one. */
export function templateFor(set: TemplateSet, label: string, templatesDir: string | undefined): string {
  if (templatesDir) {
    for (const name of [dagTemplateName(label), set.projectName]) {
      if (existsSync(join(templatesDir, name))) return name;
    }
  }
  return set.builtinName;
}

function environment(set: TemplateSet, templatesDir: string | undefined): nunjucks.Environment {
  const builtin: nunjucks.ILoader = {
    getSource: (name) => (name === set.builtinName ? { src: set.builtinSource, path: set.builtinName, noCache: false } : (null as never)),
  };
  const loaders: nunjucks.ILoader[] = templatesDir ? [new nunjucks.FileSystemLoader(templatesDir, { noCache: true }), builtin] : [builtin];
  // Python, not HTML: no autoescape; trim block tags so control lines leave no blank lines behind.
  const env = new nunjucks.Environment(loaders, { autoescape: false, throwOnUndefined: true, trimBlocks: true, lstripBlocks: true });
  env.addFilter("py", pythonLiteral);
  return env;
}

/** Renders `label`'s file; `context` is what the template sees (e.g. { dag } or { job }). */
export function renderTemplate(set: TemplateSet, label: string, templatesDir: string | undefined, context: object): string {
  const name = templateFor(set, label, templatesDir);
  try {
    return environment(set, templatesDir).render(name, context);
  } catch (err) {
    const where = name === set.builtinName ? "the built-in template" : join(templatesDir!, name);
    throw new UsageError(`Rendering the ${set.what} for DAG '${label}' with ${where} failed: ${(err as Error).message}`);
  }
}
