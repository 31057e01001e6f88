"""Reads a generated Dagster module back with Python's ast, the way Dagster would wire it (Dagster itself
cannot be installed here: PyPI is unreachable). Prints JSON:
{"constants": {NAME: value}, "ops": {op_name: {"function", "args", "ins": {input: type}, "out"}},
 "edges": [[upstream_op, downstream_op]] (Nothing-typed inputs: ordering only),
 "run_folder_from": {op_name: op_name}, "job": {"function", "name"}, "definitions_jobs": [function]}.
"args" is the op's gluepy arguments, its run_folder input written "{run_folder}".
Exits non-zero when the wiring would not load in Dagster: an op called with inputs it does not declare,
or without one it declares, a Nothing input bound to an op that returns a value, or an unknown op."""
import ast
import json
import sys


def literal(node):
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None


def fail(message):
    print(message, file=sys.stderr)
    sys.exit(3)


def call_name(node):
    return node.func.id if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) else None


def decorator(fn, name):
    for d in fn.decorator_list:
        if call_name(d) == name:
            return {k.arg: k.value for k in d.keywords}
    return None


def type_name(node):
    """In(str) -> "str", In(Nothing) -> "Nothing", Out(Nothing) -> "Nothing"."""
    if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Name):
        return node.args[0].id
    return None


def gluepy_args(fn):
    """The list passed to run_gluepy(context, ...) in the op's body."""
    for node in ast.walk(fn):
        if call_name(node) == "run_gluepy":
            expr = node.args[1]
            parts = []
            for side in ([expr.left, expr.right] if isinstance(expr, ast.BinOp) else [expr]):
                for element in side.elts:
                    parts.append("{run_folder}" if isinstance(element, ast.Name) and element.id == "run_folder" else literal(element))
            return parts
    return None


tree = ast.parse(open(sys.argv[1]).read())
constants = {}
ops = {}
by_function = {}
job = None
definitions_jobs = []
for node in tree.body:
    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
        name = node.targets[0].id
        try:
            constants[name] = ast.literal_eval(node.value)
        except ValueError:
            pass
        if call_name(node.value) == "Definitions":
            kw = {k.arg: k.value for k in node.value.keywords}
            definitions_jobs = [e.id for e in kw["jobs"].elts]
    if isinstance(node, ast.FunctionDef):
        op = decorator(node, "op")
        if op is not None:
            op_name = literal(op["name"])
            ins = {literal(k): type_name(v) for k, v in zip(op["ins"].keys, op["ins"].values)} if "ins" in op else {}
            params = [a.arg for a in node.args.args]
            for input_name, t in ins.items():
                if (t == "Nothing") == (input_name in params):
                    fail(f"op {op_name}: input {input_name} of type {t} is {'' if input_name in params else 'not '}a parameter")
            ops[op_name] = {"function": node.name, "args": gluepy_args(node), "ins": ins, "out": type_name(op.get("out"))}
            by_function[node.name] = op_name
        j = decorator(node, "job")
        if j is not None:
            job = {"function": node.name, "name": j["name"].id if isinstance(j["name"], ast.Name) else literal(j["name"]), "body": node}

edges = []
run_folder_from = {}
variables = {}
for stmt in job["body"].body:
    call = stmt.value
    fn = call_name(call)
    if fn not in by_function:
        fail(f"the job calls {fn}, which is no op")
    op_name = by_function[fn]
    given = {k.arg: k.value.id for k in call.keywords}
    if set(given) != set(ops[op_name]["ins"]):
        fail(f"op {op_name} is called with {sorted(given)} but declares {sorted(ops[op_name]['ins'])}")
    for input_name, variable in given.items():
        upstream = variables[variable]
        if ops[op_name]["ins"][input_name] == "Nothing":
            if ops[upstream]["out"] != "Nothing":
                fail(f"op {op_name}: Nothing input {input_name} bound to {upstream}, which returns a value")
            edges.append([upstream, op_name])
        else:
            run_folder_from[op_name] = upstream
    variables[stmt.targets[0].id] = op_name

if job["name"] in constants:
    job["name"] = constants[job["name"]]
del job["body"]
print(json.dumps({"constants": constants, "ops": ops, "edges": edges, "run_folder_from": run_folder_from, "job": job, "definitions_jobs": definitions_jobs}))
