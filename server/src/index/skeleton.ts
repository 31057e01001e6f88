// A file's skeleton for a fast parse: the text with the insides of every block but class and namespace
// bodies blanked (newlines kept, so every position stays the same). Function bodies hold most of a
// file's code and nothing the index reads, so the parser only builds nodes for declarations. One pass
// jumps between what matters (braces, quotes, slashes, the words `class` and `namespace`) so that braces
// inside strings, comments, templates and regexes never count; when the braces do not balance (a
// half-typed file) there is no skeleton and the caller parses the full text.

const enum Ch {
  LF = 10,
  CR = 13,
  Quote = 34,
  Apostrophe = 39,
  Dollar = 36,
  CloseParen = 41,
  Star = 42,
  Slash = 47,
  Equals = 61,
  Greater = 62,
  OpenBracket = 91,
  Backslash = 92,
  CloseBracket = 93,
  Backtick = 96,
  OpenBrace = 123,
  CloseBrace = 125,
}

/** Characters after which a `/` starts a regex rather than a division. */
const BEFORE_REGEX = new Set("(,=:[!&|?{};+-*%<>~^".split("").map((c) => c.charCodeAt(0)));
const KEYWORDS_BEFORE_REGEX = new Set(["return", "typeof", "case", "do", "else", "in", "of", "new", "delete", "void", "throw", "yield", "await", "instanceof"]);

/** A `{` still open: where its inside starts, whether to blank it, or a template's `${`. */
interface Open {
  start: number;
  blank: boolean;
  template: boolean;
}

const INTERESTING = /[{}'"`/]|\b(?:class|namespace)\b/g;
/** Characters before a `{` that make it a type or object literal in a class header (`Base<{ a: 1 }>`). */
const BEFORE_HEADER_LITERAL = new Set("<,|&:=(".split("").map((c) => c.charCodeAt(0)));
const IN_TEMPLATE = /[`\\$]/g;

export function skeletonOf(text: string): string | undefined {
  const scanner = new SkeletonScanner(text);
  return scanner.scan() ? scanner.skeleton() : undefined;
}

/** One pass over a file's text, collecting the block insides to blank. */
class SkeletonScanner {
  private readonly stack: Open[] = [];
  private readonly blanks: [number, number][] = [];
  /** How many blanked blocks are open: inside one, nothing is kept. */
  private blanking = 0;
  /** A `class` or `namespace` keyword was seen whose body has not opened yet. */
  private header = false;
  private i = 0;

  constructor(private readonly text: string) {}

  /** Walks the whole text; false when it does not balance (an unclosed comment, string, template or brace). */
  scan(): boolean {
    const text = this.text;
    for (;;) {
      INTERESTING.lastIndex = this.i;
      const m = INTERESTING.exec(text);
      if (!m) break;
      const at = m.index;
      const c = text.charCodeAt(at);
      this.i = at + 1;
      let ok = true;
      if (m[0].length > 1) this.keyword(at, m[0].length);
      else if (c === Ch.Slash) ok = this.slash(at);
      else if (c === Ch.Quote || c === Ch.Apostrophe) ok = this.string(at, c);
      else if (c === Ch.Backtick) ok = this.template();
      else if (c === Ch.OpenBrace) this.openBrace(at);
      else ok = this.closeBrace(at);
      if (!ok) return false;
    }
    return this.stack.length === 0;
  }

  /** The text with every collected block inside blanked. */
  skeleton(): string {
    if (this.blanks.length === 0) return this.text;
    const parts: string[] = [];
    let at = 0;
    for (const [from, to] of this.blanks) {
      parts.push(this.text.slice(at, from), blankOut(this.text, from, to));
      at = to;
    }
    parts.push(this.text.slice(at));
    return parts.join("");
  }

  /** `class` or `namespace` as a word of its own (not `x.class`): the next body is kept. */
  private keyword(at: number, length: number) {
    this.i = at + length;
    const before = this.text.charCodeAt(at - 1);
    if (this.blanking === 0 && !isWordChar(before) && before !== 46) this.header = true;
  }

  /** A line comment, a block comment, a regex, or a division. */
  private slash(at: number): boolean {
    const text = this.text;
    const next = text.charCodeAt(at + 1);
    if (next === Ch.Slash) {
      const eol = text.indexOf("\n", at);
      this.i = eol < 0 ? text.length : eol + 1;
    } else if (next === Ch.Star) {
      const end = text.indexOf("*/", at + 2);
      if (end < 0) return false;
      this.i = end + 2;
    } else if (regexAllowed(text, at)) {
      const end = regexEnd(text, at);
      if (end > 0) this.i = end;
    }
    return true;
  }

  private string(at: number, quote: number): boolean {
    const end = stringEnd(this.text, at, quote);
    if (end < 0) return false;
    this.i = end;
    return true;
  }

  /** From inside a template literal: past its closing "`", or into a "${". False if it never closes. */
  private template(): boolean {
    const text = this.text;
    for (;;) {
      IN_TEMPLATE.lastIndex = this.i;
      const m = IN_TEMPLATE.exec(text);
      if (!m) return false;
      const c = text.charCodeAt(m.index);
      if (c === Ch.Backslash) this.i = m.index + 2;
      else if (c === Ch.Backtick) {
        this.i = m.index + 1;
        return true;
      } else if (text.charCodeAt(m.index + 1) === Ch.OpenBrace) {
        this.stack.push({ start: m.index + 2, blank: false, template: true });
        this.i = m.index + 2;
        return true;
      } else this.i = m.index + 1;
    }
  }

  private openBrace(at: number) {
    let blank = false;
    if (this.blanking === 0) {
      const before = this.text.charCodeAt(previousSignificant(this.text, at));
      const literalInHeader = this.header && BEFORE_HEADER_LITERAL.has(before);
      // The body of the class or namespace being declared is kept, and the braces of an import or
      // export clause; every other block is blanked.
      blank = !this.header && !(this.stack.length === 0 && isModuleClause(this.text, at));
      if (this.header && !literalInHeader) this.header = false;
      if (literalInHeader) blank = false;
    }
    this.stack.push({ start: at + 1, blank, template: false });
    if (blank) this.blanking++;
  }

  /** A `}`: closes a block (maybe one to blank) or a template's `${`, whose literal then goes on. */
  private closeBrace(at: number): boolean {
    const top = this.stack.pop();
    if (!top) return false;
    if (top.template) return this.template();
    if (top.blank) {
      this.blanking--;
      this.blanks.push([top.start, at]);
    }
    return true;
  }
}

let SPACES = " ".repeat(1024);

function spaces(n: number): string {
  while (SPACES.length < n) SPACES += SPACES;
  return SPACES.slice(0, n);
}

/** `text[from, to)` as spaces, line breaks kept (`\n` and `\r\n`). */
function blankOut(text: string, from: number, to: number): string {
  let out = "";
  let at = from;
  for (;;) {
    const nl = text.indexOf("\n", at);
    if (nl < 0 || nl >= to) return out + spaces(to - at);
    const cr = nl > at && text.charCodeAt(nl - 1) === Ch.CR;
    out += spaces(nl - at - (cr ? 1 : 0)) + (cr ? "\r\n" : "\n");
    at = nl + 1;
  }
}

function stringEnd(text: string, at: number, quote: number): number {
  for (let j = at + 1; j < text.length; j++) {
    const d = text.charCodeAt(j);
    if (d === quote) return j + 1;
    if (d === Ch.LF) return -1;
    if (d === Ch.Backslash) j++;
  }
  return -1;
}

function previousSignificant(text: string, at: number): number {
  let j = at - 1;
  while (j >= 0 && text.charCodeAt(j) <= 32) j--;
  return j;
}

const CLAUSE_WORDS = new Set(["import", "export", "type"]);

/** A top-level `{` of `import {`, `import D, {`, `export {`, `export type {`. */
function isModuleClause(text: string, at: number): boolean {
  const j = previousSignificant(text, at);
  if (text.charCodeAt(j) === 44) return true; // `import D, {`
  let k = j;
  while (k > 0 && isWordChar(text.charCodeAt(k - 1))) k--;
  return CLAUSE_WORDS.has(text.slice(k, j + 1));
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === Ch.Dollar || c > 127;
}

/** Whether a `/` at `at` starts a regex, judged by what precedes it. */
function regexAllowed(text: string, at: number): boolean {
  const j = previousSignificant(text, at);
  if (j < 0) return true;
  const c = text.charCodeAt(j);
  if (!isWordChar(c)) return BEFORE_REGEX.has(c);
  let k = j;
  while (k > 0 && isWordChar(text.charCodeAt(k - 1))) k--;
  return KEYWORDS_BEFORE_REGEX.has(text.slice(k, j + 1));
}

/** The offset after a regex literal starting at `at`, or -1 if none closes on this line. */
function regexEnd(text: string, at: number): number {
  let inClass = false;
  for (let j = at + 1; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === Ch.LF || c === Ch.CR) return -1;
    if (c === Ch.Backslash) j++;
    else if (c === Ch.OpenBracket) inClass = true;
    else if (c === Ch.CloseBracket) inClass = false;
    else if (c === Ch.Slash && !inClass) {
      j++;
      while (j < text.length && isWordChar(text.charCodeAt(j))) j++; // flags
      return j;
    }
  }
  return -1;
}
