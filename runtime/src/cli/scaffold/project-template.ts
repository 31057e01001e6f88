// The files `gluepy startproject` writes: a small DAG that runs as it is, and a tsconfig that
// type-checks the project against the runtime that created it.

export interface TemplateFile {
  path: string;
  content: string;
}

/** The project folder that receives a copy of the runtime's dist/types (gluepy, node, undici-types). */
export const PROJECT_TYPES_DIR = "types";

export interface ProjectTemplateInput {
  name: string;
  /** Whether the declarations are copied into PROJECT_TYPES_DIR (false when the runtime has none built). */
  withTypes: boolean;
}

export function projectTemplate(input: ProjectTemplateInput): TemplateFile[] {
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "esnext",
      moduleResolution: "bundler",
      lib: ["ES2023"],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
      ...(input.withTypes
        ? {
            types: ["node"],
            typeRoots: [`./${PROJECT_TYPES_DIR}`],
            paths: {
              gluepy: [`./${PROJECT_TYPES_DIR}/gluepy/runtime/src/index.d.ts`],
              // Node's types import it; the project has no node_modules to find it in.
              "undici-types": [`./${PROJECT_TYPES_DIR}/undici-types/index.d.ts`],
            },
          }
        : {}),
    },
    include: ["src", "commands", "gluepy.config.ts"],
  };
  const pkg = {
    name: input.name,
    version: "0.1.0",
    private: true,
    description: "A Gluepy project: DAGs of tasks in TypeScript.",
    scripts: { start: "gluepy dag hello", list: "gluepy list" },
  };
  return [
    { path: "package.json", content: JSON.stringify(pkg, null, 2) + "\n" },
    { path: "tsconfig.json", content: JSON.stringify(tsconfig, null, 2) + "\n" },
    { path: ".gitignore", content: "node_modules/\ndata/runs/\n.gluepy/\n" },
    {
      path: "gluepy.config.ts",
      content: `// Project settings; every field is optional. GLUEPY_SETTINGS=path picks another file.
export default {
  storageRoot: "data",
  configsDir: "configs",
};
`,
    },
    {
      path: "configs/default.yaml",
      content: `# The run context: files here merge in name order, then --patch and --local-patch files.
greeting:
  name: world
  times: 2
`,
    },
    {
      path: "src/tasks.ts",
      content: `import { Task, context, storage } from "gluepy";

interface Greeting {
  name: string;
  times: number;
}

export class GreetTask extends Task {
  static label = "greet";

  async run() {
    const { name, times } = context.greeting as Greeting;
    const lines = Array.from({ length: times }, (_, i) => \`\${i + 1}: hello, \${name}\`);
    await storage.touch(storage.runpath("greeting.txt"), lines.join("\\n") + "\\n");
    console.log(\`wrote \${lines.length} lines\`);
  }
}

export class CountTask extends Task {
  static label = "count";

  async run() {
    const text = (await storage.open(storage.runpath("greeting.txt"))).toString("utf8");
    const words = text.split(/\\s+/).filter(Boolean).length;
    await storage.touch(storage.runpath("count.json"), JSON.stringify({ words }) + "\\n");
    console.log(\`\${words} words\`);
  }
}
`,
    },
    {
      path: "src/dags.ts",
      content: `import { DAG } from "gluepy";
import { CountTask, GreetTask } from "./tasks";

export class HelloDAG extends DAG {
  static label = "hello";
  static tasks = [GreetTask, CountTask];
}
`,
    },
    {
      path: "README.md",
      content: `# ${input.name}

A Gluepy project. Tasks are in \`src/tasks.ts\`, DAGs in \`src/dags.ts\`, the run context in \`configs/\`.
\`${PROJECT_TYPES_DIR}/\` holds the declarations of \`gluepy\` and Node that \`tsconfig.json\` points at (copied from
the gluepy that created the project).

    gluepy list              # the DAGs and their tasks
    gluepy dag hello         # run the DAG; outputs land in data/runs/YYYY/MM/DD/<runId>/
    gluepy runs              # past runs and their status
    gluepy dag hello --retry <run folder> --resume   # finish a failed run

Add a module with \`gluepy startmodule <name>\`.
`,
    },
  ];
}

/** The files of `gluepy startmodule <name>`: a folder with one task and one DAG. */
export function moduleTemplate(name: string): TemplateFile[] {
  const cls = name.replace(/(^|[-_\s]+)(\w)/g, (_, __, c: string) => c.toUpperCase()).replace(/\W/g, "");
  return [
    {
      path: `${name}/tasks.ts`,
      content: `import { Task, context } from "gluepy";

export class ${cls}Task extends Task {
  static label = "${name}";

  async run() {
    console.log(\`${name} runs in \${context.gluepy.runFolder}\`);
  }
}
`,
    },
    {
      path: `${name}/dags.ts`,
      content: `import { DAG } from "gluepy";
import { ${cls}Task } from "./tasks";

export class ${cls}DAG extends DAG {
  static label = "${name}";
  static tasks = [${cls}Task];
}
`,
    },
  ];
}
