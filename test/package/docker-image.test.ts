// The image `gluepy image generate` describes, built the only way this machine can: no Docker engine runs
// here, so the Dockerfile is parsed (dockerfile-ast) and its steps are carried out in a folder standing for
// the image's file system: COPY takes the build context as Docker sends it (the project filtered by its
// .dockerignore, read with @balena/dockerignore), WORKDIR and ENV set where and how RUN runs, RUN runs its
// command (npm's cache mount is this machine's npm cache: a cache kept outside the image). FROM node:<major>
// puts that Node first on the PATH (the npm package node-<platform>-<arch>@<major>, which holds Node's own
// binary): npm ci then decides, as in the image, which platform packages that Node gets. Not carried out:
// the rest of the base image, and the ownership steps (`chown`, USER: there is no "node" user here); the
// test checks instead that everything after USER node runs as that user.
// The project is a copy of the example outside the repository depending on the gluepy tarball, kept in the
// project (vendor/) as a user does before the package is published. After the image's own install and check
// steps, the pod's commands run in it: the generated Airflow DAG's start task, then its first task.

import assert from "node:assert/strict";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, delimiter, dirname, join, posix, relative } from "node:path";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import ignore from "@balena/dockerignore";
import { DockerfileParser, type Instruction } from "dockerfile-ast";
import { OutsideProject, REPO, runtimeTarball, sh, userEnv, VERSION } from "./support/packages";

/** Node's binary of that major version for this machine, from the npm registry (kept between runs). */
async function nodeOfMajor(major: string): Promise<string> {
  const dir = join(tmpdir(), "gluepy-test-node", major);
  const pkg = `node-${process.platform}-${process.arch}`;
  const bin = join(dir, "node_modules", pkg, "bin");
  if (!existsSync(join(bin, "node"))) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "package.json"), "{\"private\": true}\n");
    const got = await sh(dir, "npm", ["install", "--no-save", "--no-package-lock", `${pkg}@${major}`]);
    assert.equal(got.code, 0, got.stderr);
  }
  return bin;
}

/** The image's file system as it is built: container paths map under `root`. */
class ImageBuild {
  readonly root = mkdtempSync(join(tmpdir(), "gluepy-image-"));
  workdir = "/";
  env: Record<string, string> = {};
  user = "root";
  /** The folder holding the base image's `node`, put first on the PATH. */
  nodeBin = "";
  /** The user each RUN ran as. */
  readonly runs: { command: string; user: string }[] = [];

  constructor(private readonly context: string) {}

  /** A container path on this machine. */
  host(containerPath: string): string {
    return join(this.root, posix.resolve(this.workdir, containerPath));
  }

  /** The environment RUN sees: this machine's, then ENV; PATH entries in folders the build made map into the image. */
  runEnv(): NodeJS.ProcessEnv {
    const madeHere = (entry: string) => entry.startsWith("/") && existsSync(join(this.root, entry.split("/")[1]));
    const path = (this.env.PATH ?? process.env.PATH!).split(":").map((entry) => (madeHere(entry) ? join(this.root, entry) : entry));
    return { ...userEnv(), ...this.env, PATH: [this.nodeBin, ...path].filter(Boolean).join(delimiter) };
  }

  /** The build context's files as Docker sends them: the project less what .dockerignore leaves out. */
  contextFiles(): string[] {
    const ig = ignore().add(readFileSync(join(this.context, ".dockerignore"), "utf8"));
    const walk = (rel: string): string[] =>
      readdirSync(join(this.context, rel), { withFileTypes: true }).flatMap((entry) => {
        const path = rel ? `${rel}/${entry.name}` : entry.name;
        if (ig.ignores(path)) return [];
        return entry.isDirectory() ? walk(path) : [path];
      });
    return walk("");
  }

  copy(sources: string[], dest: string): void {
    const files = this.contextFiles();
    const intoFolder = dest.endsWith("/") || sources.length > 1;
    for (const source of sources) {
      const src = posix.normalize(source);
      const picked = src === "." ? files : files.filter((f) => f === src || f.startsWith(`${src}/`));
      assert.ok(picked.length > 0, `COPY ${source}: not in the build context`);
      for (const file of picked) {
        const target = src === "." ? join(this.host(dest), file) : intoFolder ? join(this.host(dest), relative(dirname(src), file)) : this.host(dest);
        mkdirSync(dirname(target), { recursive: true });
        copyFileSync(join(this.context, file), target);
      }
    }
  }

  /** What the RUN steps printed, each after "$ <command>". */
  log = "";

  async run(command: string): Promise<void> {
    this.runs.push({ command, user: this.user });
    const result = await promisify(execFile)("sh", ["-c", command], { cwd: this.host("."), env: this.runEnv(), maxBuffer: 64 << 20, timeout: 300_000 }).catch(
      (e: { stdout?: string; stderr?: string; message: string }) => assert.fail(`RUN ${command} failed:\n${e.stdout ?? ""}${e.stderr ?? e.message}`),
    );
    this.log += `$ ${command}\n${result.stdout}${result.stderr}`;
  }

  async step(instruction: Instruction): Promise<void> {
    const args = instruction.getArguments().map((a) => a.getValue());
    switch (instruction.getKeyword()) {
      case "FROM": {
        const major = /^node:(\d+)/.exec(args[0])?.[1];
        assert.ok(major, `FROM ${args[0]}: an official Node image (it has the user 'node')`);
        this.nodeBin = await nodeOfMajor(major);
        break;
      }
      case "ENV":
        for (const p of (instruction as unknown as { getProperties(): { getName(): string; getValue(): string }[] }).getProperties()) {
          this.env[p.getName()] = p.getValue().replace(/\$(\w+)|\$\{(\w+)\}/g, (_, a, b) => this.env[a ?? b] ?? process.env[a ?? b] ?? "");
        }
        break;
      case "WORKDIR":
        this.workdir = posix.resolve(this.workdir, args[0]);
        mkdirSync(this.host("."), { recursive: true });
        break;
      case "USER":
        this.user = args[0];
        break;
      case "COPY":
        this.copy(args.slice(0, -1), args[args.length - 1]);
        break;
      case "RUN": {
        const command = instruction.getArgumentsContent()!;
        if (/^chown /.test(command)) break; // ownership: no "node" user on this machine
        await this.run(command);
        break;
      }
      case "CMD":
        break;
      default:
        assert.fail(`the generated Dockerfile has a step this test does not carry out: ${instruction.getKeyword()}`);
    }
  }
}

describe("the image `gluepy image generate` describes", function () {
  this.timeout(900_000);
  let user: OutsideProject | undefined;
  let image: ImageBuild | undefined;
  after(() => {
    user?.cleanup();
    if (image) rmSync(image.root, { recursive: true, force: true });
  });

  it("installs gluepy and the project from the lock file, passes its own check, and runs the Airflow DAG's start task and first task", async () => {
    const tarball = runtimeTarball();
    user = new OutsideProject();
    const dir = user.dir;
    for (const entry of ["package.json", "tsconfig.json", "gluepy.config.ts", "configs", "src"]) cpSync(join(REPO, "examples/forecast", entry), join(dir, entry), { recursive: true });
    mkdirSync(join(dir, "vendor"));
    copyFileSync(tarball, join(dir, "vendor", basename(tarball)));
    const installed = await sh(dir, "npm", ["install", `./vendor/${basename(tarball)}`]);
    assert.equal(installed.code, 0, installed.stderr);
    // What must stay out of the image: an earlier run, gluepy's local records, a secret.
    mkdirSync(join(dir, "data", "runs", "2026", "01", "01", "old"), { recursive: true });
    writeFileSync(join(dir, "data", "runs", "2026", "01", "01", "old", "context.yaml"), "old: true\n");
    writeFileSync(join(dir, ".env"), "SECRET=do-not-ship\n");

    const generated = await sh(dir, "npx", ["gluepy", "image", "generate"]);
    assert.equal(generated.code, 0, generated.stderr);
    assert.match(generated.stderr, /docker build -t forecast:latest \./);

    const dockerfile = DockerfileParser.parse(readFileSync(join(dir, "Dockerfile"), "utf8"));
    image = new ImageBuild(dir);
    for (const instruction of dockerfile.getInstructions()) await image.step(instruction);

    // npm ci and the check ran as the unprivileged user; the check is gluepy's own.
    assert.deepEqual(
      image.runs.map((r) => `${r.user}: ${r.command}`),
      ["node: npm ci --omit=dev", "node: gluepy --version && gluepy list"],
    );
    assert.match(image.log, new RegExp(`\\$ gluepy --version && gluepy list\\n${VERSION.replace(/\./g, "\\.")}\\n[^]*training`));
    const app = image.host(".");
    assert.equal(JSON.parse(readFileSync(join(app, "node_modules", "gluepy", "package.json"), "utf8")).version, VERSION);
    assert.ok(existsSync(join(app, "src", "dags.ts")));
    assert.ok(!existsSync(join(app, ".env")), "no secrets");
    assert.ok(!existsSync(join(app, "data", "runs", "2026", "01", "01", "old")), "no run data");

    // The pod: the generated Airflow DAG names this image and runs its commands in it, start task first.
    const dags = join(dir, "airflow-dags");
    assert.equal((await sh(dir, "npx", ["gluepy", "airflow", "generate", dags])).code, 0);
    const back = JSON.parse(
      (await sh(REPO, "python3", [join(REPO, "runtime/test/scaleout/airflow_deps.py"), join(dags, "training.py")])).stdout,
    ) as { constants: Record<string, unknown>; tasks: Record<string, { task_id: string; arguments: string[] }>; edges: [string, string][] };
    assert.equal(back.constants.IMAGE, "forecast:latest");
    const command = back.constants.COMMAND as string[];
    const tasks = new Map(Object.values(back.tasks).map((t) => [t.task_id, t.arguments]));
    const start = "gluepy_start";
    const roots = back.edges.filter(([from]) => from === start).map(([, to]) => to);
    assert.deepEqual(roots, ["data"]);
    const first = roots[0];
    const xcom = join(image.root, "airflow", "xcom", "return.json");
    // A pod runs COMMAND + arguments in the image's working folder, with the image's environment.
    const pod = (args: string[]) =>
      promisify(execFile)(command[0], [...command.slice(1), ...args], { cwd: app, env: image!.runEnv() }).catch((e: { stdout?: string; stderr?: string; message: string }) =>
        assert.fail(`the pod's ${args.join(" ")} failed: ${e.message}\n${e.stdout ?? ""}${e.stderr ?? ""}`),
      );
    const started = await pod(tasks.get(start)!.map((a) => (a === "/airflow/xcom/return.json" ? xcom : a)));
    const runFolder = JSON.parse(readFileSync(xcom, "utf8")) as string;
    assert.equal(started.stdout.trim(), runFolder);
    const firstArgs = tasks.get(first)!.map((a) => (a.startsWith("{{") ? runFolder : a));
    assert.deepEqual(firstArgs, ["dag", "training", "--task", "data", "--retry", runFolder]);
    await pod(firstArgs);
    const state = JSON.parse(readFileSync(join(app, "data", runFolder, ".gluepy", "state.json"), "utf8")) as { tasks: Record<string, { status: string }> };
    assert.equal(state.tasks.data.status, "succeeded");
    assert.ok(statSync(join(app, "data", runFolder, "context.yaml")).isFile());
  });
});
