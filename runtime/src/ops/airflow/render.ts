// Renders an Airflow DAG file with nunjucks (Jinja syntax). Template lookup: the DAG's own
// `<label>.py.njk`, then the project's `dag.py.njk` (both in airflow.templatesDir), then the built-in one.

import { existsSync } from "node:fs";
import { join } from "node:path";
import nunjucks from "nunjucks";
import type { AirflowDagModel } from "./model";
import { pythonLiteral } from "./python-literal";
import { BUILTIN_DAG_TEMPLATE, BUILTIN_TEMPLATE_NAME } from "./templates/dag-py";

export const PROJECT_TEMPLATE_NAME = "dag.py.njk";

export function dagTemplateName(label: string): string {
  return `${label}.py.njk`;
}

/** The template a DAG renders with: a name the environment of `airflowEnvironment(templatesDir)` resolves. */
export function templateFor(label: string, templatesDir: string | undefined): string {
  if (templatesDir) {
    for (const name of [dagTemplateName(label), PROJECT_TEMPLATE_NAME]) {
      if (existsSync(join(templatesDir, name))) return name;
    }
  }
  return BUILTIN_TEMPLATE_NAME;
}

export function airflowEnvironment(templatesDir: string | undefined): nunjucks.Environment {
  const builtin: nunjucks.ILoader = {
    getSource: (name) =>
      name === BUILTIN_TEMPLATE_NAME ? { src: BUILTIN_DAG_TEMPLATE, path: BUILTIN_TEMPLATE_NAME, noCache: false } : (null as never),
  };
  const loaders: nunjucks.ILoader[] = templatesDir ? [new nunjucks.FileSystemLoader(templatesDir, { noCache: true }), builtin] : [builtin];
  // Python, not HTML: no autoescape; trim block tags so control lines leave no blank lines behind.
  const env = new nunjucks.Environment(loaders, { autoescape: false, throwOnUndefined: true, trimBlocks: true, lstripBlocks: true });
  env.addFilter("py", pythonLiteral);
  return env;
}

export function renderAirflowDag(model: AirflowDagModel, templatesDir: string | undefined): string {
  const env = airflowEnvironment(templatesDir);
  const name = templateFor(model.label, templatesDir);
  try {
    return env.render(name, { dag: model });
  } catch (err) {
    const where = name === BUILTIN_TEMPLATE_NAME ? "the built-in template" : join(templatesDir!, name);
    throw new Error(`Rendering the Airflow DAG '${model.dagId}' with ${where} failed: ${(err as Error).message}`);
  }
}
