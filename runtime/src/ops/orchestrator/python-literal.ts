// Renders plain JS values as Python literals, so templates can drop settings and commands into a
// generated file without quoting mistakes (JSON escapes are valid in Python string literals).

export function pythonLiteral(value: unknown): string {
  if (value === null || value === undefined) return "None";
  if (typeof value === "boolean") return value ? "True" : "False";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`Cannot write ${value} as a Python literal.`);
    return String(value);
  }
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(pythonLiteral).join(", ")}]`;
  if (typeof value === "object") {
    const items = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${JSON.stringify(k)}: ${pythonLiteral(v)}`);
    return `{${items.join(", ")}}`;
  }
  throw new Error(`Cannot write a ${typeof value} as a Python literal.`);
}
