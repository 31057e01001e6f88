"""Reads a generated Airflow DAG file back with Python's ast: prints its operators and their dependencies
as JSON ({"constants": {NAME: value}, "tasks": {variable: {"task_id", "arguments"}},
"edges": [[upstream_id, downstream_id]]}).
Handles `a >> b`, chains `a >> b >> c` and lists `a >> [b, c]`, as Airflow does."""
import ast
import json
import sys


def literal(node):
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None


def operands(node):
    if isinstance(node, (ast.List, ast.Tuple)):
        return [e.id for e in node.elts]
    return [node.id]


def chain(node):
    """The operand groups of a `>>` chain, left to right."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.RShift):
        return chain(node.left) + [operands(node.right)]
    return [operands(node)]


tree = ast.parse(open(sys.argv[1]).read())
constants = {}
tasks = {}
edges = []
for node in tree.body:
    if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name):
        constants[node.targets[0].id] = literal(node.value)
for node in ast.walk(tree):
    if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and getattr(node.value.func, "id", None) == "KubernetesPodOperator":
        kw = {k.arg: k.value for k in node.value.keywords}
        tasks[node.targets[0].id] = {"task_id": literal(kw["task_id"]), "arguments": literal(kw["arguments"])}
    if isinstance(node, ast.Expr) and isinstance(node.value, ast.BinOp) and isinstance(node.value.op, ast.RShift):
        groups = chain(node.value)
        for ups, downs in zip(groups, groups[1:]):
            edges.extend([u, d] for u in ups for d in downs)
print(json.dumps({"constants": constants, "tasks": tasks, "edges": [[tasks[u]["task_id"], tasks[d]["task_id"]] for u, d in edges]}))
