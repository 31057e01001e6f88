"""Runs a generated Dagster module's ops as plain functions, in the order given, under a stand-in for the few
names it imports from dagster (Dagster cannot be installed here: PyPI is unreachable). The ops' own code runs
as it would in Dagster: run_gluepy starts gluepy, logs its lines through context.log, raises Failure.
Usage: dagster_stand_in.py <module.py> <op function>... Prints JSON: {"run_folder", "ops": {function:
{"log": [lines], "failure": description or null}}}."""
import importlib.util
import json
import sys
import types

dagster = types.ModuleType("dagster")


class Failure(Exception):
    def __init__(self, description=None, **_):
        super().__init__(description)
        self.description = description


def _passthrough(**_):
    return lambda fn: fn


def _record(**kwargs):
    return kwargs


dagster.Failure = Failure
dagster.op = _passthrough
dagster.job = _passthrough
dagster.In = dagster.Out = lambda *args, **kwargs: (args, kwargs)
dagster.RetryPolicy = dagster.Definitions = _record
dagster.Nothing = object()
dagster.OpExecutionContext = object
sys.modules["dagster"] = dagster


class Log:
    def __init__(self):
        self.lines = []

    def info(self, line):
        self.lines.append(line)


class Context:
    def __init__(self):
        self.log = Log()


spec = importlib.util.spec_from_file_location("generated", sys.argv[1])
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)

start = Context()
run_folder = module.gluepy_start(start)
ops = {"gluepy_start": {"log": start.log.lines, "failure": None}}
for function in sys.argv[2:]:
    context = Context()
    try:
        getattr(module, function)(context, run_folder)
        failure = None
    except Failure as error:
        failure = error.description
    ops[function] = {"log": context.log.lines, "failure": failure}
print(json.dumps({"run_folder": run_folder, "ops": ops}))
