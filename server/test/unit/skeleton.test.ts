// The skeleton (function bodies blanked for a fast parse) must never change what the index reads.

import * as assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { extractFacts } from "../../src/index/extract-facts";
import { skeletonOf } from "../../src/index/skeleton";

const TRICKY = `import { Task, DAG } from "gluepy";
const re = /[}{]/g, half = 1 / 2 / 3;
const s = \`a \${ { x: "}" }.x } \${\`nested \${"{"}\`} }\`;
// a comment with { and }
/* a block comment } */
export const make = () => { return { a: '{' }; };
export function f(x: number) { if (x / 2 > 1) { return /}/.test("a"); } return typeof x === "string"; }
export class DataTask extends Task {
  static label = "data";
  async run() { const t = \`}\`; const r = /\\/}/; }
}
export class Training extends DAG {
  static label = "training";
  get x() { return { y: 1 }; }
  static tasks = [DataTask, [A, B], C.after(DataTask)];
  static evalTasks = [E];
}
`;

function fixtureFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? fixtureFiles(p) : /\.(ts|mts)$/.test(name) ? [p] : [];
  });
}

describe("skeletonOf", () => {
  it("blanks function and method bodies, keeping every line break and the length", () => {
    const text = "export class A extends Task {\n  run() {\n    const x = 1;\r\n  }\n}\n";
    const sk = skeletonOf(text)!;
    assert.equal(sk.length, text.length);
    assert.equal(sk, "export class A extends Task {\n  run() {\n                \r\n  }\n}\n");
  });

  it("counts no brace inside strings, templates, comments or regexes", () => {
    const sk = skeletonOf(TRICKY)!;
    assert.equal(sk.length, TRICKY.length);
    assert.match(sk, /static tasks = \[DataTask, \[A, B\], C\.after\(DataTask\)\];/);
    assert.doesNotMatch(sk, /return typeof/);
  });

  it("gives no skeleton for unbalanced braces or an unclosed string", () => {
    assert.equal(skeletonOf("class A { run() { "), undefined);
    assert.equal(skeletonOf("class A { } }"), undefined);
    assert.equal(skeletonOf("const s = 'abc\nclass A {}"), undefined);
  });

  it("yields the same facts as a full parse, on tricky code and on every fixture", () => {
    assert.deepEqual(extractFacts("/w/t.ts", TRICKY), extractFacts("/w/t.ts", TRICKY, true));
    const files = fixtureFiles(join(__dirname, "..", "fixtures"));
    assert.ok(files.length > 10);
    for (const f of files) {
      const text = readFileSync(f, "utf8");
      assert.deepEqual(extractFacts(f, text), extractFacts(f, text, true), f);
    }
  });
});
