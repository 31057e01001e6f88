// The files `gluepy startproject` writes: a small DAG that runs as it is, and a package.json that
// depends on the `gluepy` package (its CLI and its declarations) with a tsconfig that type-checks
// against it once `npm install` has run.

export interface TemplateFile {
  path: string;
  content: string;
}

export interface ProjectTemplateInput {
  name: string;
  /** The version of the gluepy that creates the project: the dependency is `^` it. */
  gluepyVersion: string;
  /** The versions of TypeScript and Node's types the project type-checks with (`^` each). */
  typescriptVersion: string;
  nodeTypesVersion: string;
}

export function projectTemplate(input: ProjectTemplateInput): TemplateFile[] {
  const tsconfig = {
    compilerOptions: {
      target: "ES2022",
      module: "esnext",
      moduleResolution: "bundler",
      lib: ["ES2023"],
      types: ["node"],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      esModuleInterop: true,
    },
    include: ["src", "commands", "gluepy.config.ts"],
  };
  const pkg = {
    name: input.name,
    version: "0.1.0",
    private: true,
    description: "A Gluepy project: DAGs of tasks in TypeScript.",
    scripts: { start: "gluepy dag hello", list: "gluepy list", typecheck: "tsc -p tsconfig.json" },
    dependencies: { gluepy: `^${input.gluepyVersion}` },
    devDependencies: { "@types/node": `^${input.nodeTypesVersion}`, typescript: `^${input.typescriptVersion}` },
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
\`npm install\` brings the \`gluepy\` package: its CLI and the declarations \`tsconfig.json\` checks against.

    npm install
    npx gluepy list              # the DAGs and their tasks
    npx gluepy dag hello         # run the DAG; outputs land in data/runs/YYYY/MM/DD/<runId>/
    npx gluepy runs              # past runs and their status
    npx gluepy dag hello --retry <run folder> --resume   # finish a failed run
    npm run typecheck            # tsc against the installed gluepy

Add a module with \`npx gluepy startmodule <name>\`.
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
