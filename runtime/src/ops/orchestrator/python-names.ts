// Python names for Gluepy labels: a label may hold dashes, dots or start with a digit ("clean-a",
// "v1.score", "2nd"), none of which a Python identifier (or a Dagster op name) allows.

// Python's keywords (keyword.kwlist): valid-looking names that are not identifiers.
const PYTHON_KEYWORDS = new Set(
  "False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield".split(
    " ",
  ),
);

/** A Python identifier made from `name`: letters, digits and "_" only, never a leading digit or a keyword. */
export function pythonIdentifier(name: string): string {
  let id = name.replace(/[^A-Za-z0-9_]/g, "_");
  if (id === "" || /^[0-9]/.test(id)) id = `_${id}`;
  return PYTHON_KEYWORDS.has(id) ? `${id}_` : id;
}

/**
 * Hands out identifiers that are unique among each other and `reserved`: a label whose identifier is
 * taken ("clean-a" after "clean_a") gets the first free "_2", "_3", ... suffix. Deterministic in call order.
 */
export function uniquePythonNames(reserved: Iterable<string>): (label: string) => string {
  const taken = new Set(reserved);
  return (label) => {
    const base = pythonIdentifier(label);
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    taken.add(name);
    return name;
  };
}
