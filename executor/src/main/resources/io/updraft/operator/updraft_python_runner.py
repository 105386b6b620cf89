"""Updraft's Python runner: calls one Python callable with Airflow's context, in its own process.

Usage: python3 -u updraft_python_runner.py INPUT_JSON OUTPUT_JSON

INPUT_JSON holds the callable (file + name, or a dotted path), op_args, op_kwargs, templates_dict, a JSON-safe
task context and the run's XComs. OUTPUT_JSON receives {"status": success|skip|fail|error, ...}. What the
callable prints goes to stdout/stderr, which Updraft copies into the task log.
"""
import ast
import datetime
import importlib
import importlib.util
import inspect
import json
import logging
import os
import signal
import sys
import traceback
import types

SKIP_EXCEPTIONS = {"AirflowSkipException"}
FAIL_EXCEPTIONS = {"AirflowFailException", "AirflowSensorTimeout"}
SERDE_COLLECTIONS = {"builtins.tuple": tuple, "builtins.set": set, "builtins.frozenset": frozenset}


def to_serde(value):
    """A value as Airflow 3's XCom stores it: tuples and sets as serde's {__classname__, __version__, __data__}."""
    for classname, cls in SERDE_COLLECTIONS.items():
        if type(value) is cls:
            return {"__classname__": classname, "__version__": 1, "__data__": [to_serde(v) for v in value]}
    if isinstance(value, list):
        return [to_serde(v) for v in value]
    if isinstance(value, dict):
        return {k: to_serde(v) for k, v in value.items()}
    return value


def from_serde(value):
    """An XCom value as xcom_pull returns it: serde's tuples and sets as tuples and sets again."""
    if isinstance(value, list):
        return [from_serde(v) for v in value]
    if not isinstance(value, dict):
        return value
    if value.get("__classname__") in SERDE_COLLECTIONS and "__data__" in value:
        return SERDE_COLLECTIONS[value["__classname__"]](from_serde(v) for v in value["__data__"])
    return {k: from_serde(v) for k, v in value.items()}


class TaskInstance:
    """The parts of Airflow's TaskInstance a callable uses: ids, try numbers, xcom_pull and xcom_push."""

    def __init__(self, context, xcoms):
        self.dag_id = context.get("dag_id")
        self.task_id = context.get("task_id")
        self.run_id = context.get("run_id")
        self.map_index = context.get("map_index", -1)
        self.try_number = context.get("try_number")
        self.max_tries = context.get("max_tries")
        self._xcoms = [dict(x, value=from_serde(x["value"])) for x in xcoms]
        self.pushed = {}

    def xcom_push(self, key, value):
        json.dumps(to_serde(value))  # fails early, as Airflow 3 does, on values that are not JSON-serialisable
        self.pushed[key] = value

    def xcom_pull(self, task_ids=None, dag_id=None, key="return_value", include_prior_dates=False, *,
                  map_indexes=None, default=None, run_id=None):
        if dag_id not in (None, self.dag_id) or run_id not in (None, self.run_id):
            raise ValueError("xcom_pull from another DAG or run is not supported by Updraft")
        if task_ids is None:
            task_ids = self.task_id
        if isinstance(task_ids, str):
            return self._pull_one(task_ids, key, map_indexes, default)
        return [self._pull_one(task_id, key, map_indexes, default) for task_id in task_ids]

    def _pull_one(self, task_id, key, map_indexes, default):
        matches = [x for x in self._xcoms if x["task_id"] == task_id and x["key"] == key]
        if task_id == self.task_id and key in self.pushed:
            return self.pushed[key]
        if map_indexes is not None:
            by_index = {x["map_index"]: x["value"] for x in matches}
            if isinstance(map_indexes, int):
                return by_index.get(map_indexes, default)
            return [by_index.get(index, default) for index in map_indexes]
        for x in matches:
            if x["map_index"] < 0:
                return x["value"]
        if not matches:
            return default
        return [x["value"] for x in sorted(matches, key=lambda x: x["map_index"])]

    def __repr__(self):
        return f"<TaskInstance: {self.dag_id}.{self.task_id} {self.run_id} [running]>"


def parse_date(text):
    return None if text is None else datetime.datetime.fromisoformat(text)


def python_object(attributes, set_valued):
    """The DAG's or task's attributes as an object (the sets Airflow keeps as sets), dates as datetimes."""
    attributes = dict(attributes)
    for key in set_valued:
        if key in attributes:
            attributes[key] = set(attributes[key])
    for key in ("start_date", "end_date"):
        if key in attributes:
            attributes[key] = parse_date(attributes[key])
    return types.SimpleNamespace(**attributes)


def build_context(values, ti, extra):
    context = {key: values[key] for key in ("ds", "ds_nodash", "ts", "ts_nodash", "ts_nodash_with_tz", "run_id",
                                            "task_instance_key_str") if key in values}
    for key in ("logical_date", "data_interval_start", "data_interval_end"):
        if key in values:
            context[key] = parse_date(values[key])
    context["params"] = values.get("params", {})
    # an asset-triggered run's consumed events by asset URI, each a dict as the REST API shows it
    context["triggering_asset_events"] = values.get("triggering_asset_events", {})
    context["dag"] = python_object(values.get("dag") or {"dag_id": values.get("dag_id")}, ("tags",))
    context["dag_run"] = types.SimpleNamespace(
        dag_id=values.get("dag_id"), run_id=values.get("run_id"), run_type=values.get("run_type"),
        conf=values.get("conf", {}), logical_date=context.get("logical_date"),
        data_interval_start=context.get("data_interval_start"), data_interval_end=context.get("data_interval_end"))
    if ti.task_id is not None:
        context["task"] = python_object(values.get("task") or {"task_id": ti.task_id},
                                        ("upstream_task_ids", "downstream_task_ids"))
        context["ti"] = ti
        context["task_instance"] = ti
    context.update(extra)
    return context


def extend_sys_path(front, end):
    """Airflow's sys.path: the DAGs folder first, the plugins folder last."""
    for path in reversed(front):
        if path and path not in sys.path:
            sys.path.insert(0, path)
    for path in end:
        if path and path not in sys.path:
            sys.path.append(path)


def load_callable(spec):
    if (spec.get("dotted") or "").startswith("lambda"):  # dag-factory's *_lambda: a lambda expression's source
        return eval(spec["dotted"], {})  # noqa: S307 - the DAG author's own code, as dag-factory evaluates it
    if spec.get("file"):
        path = spec["file"]
        folder = os.path.dirname(os.path.abspath(path))
        if folder not in sys.path:
            sys.path.insert(0, folder)
        module_name = os.path.splitext(os.path.basename(path))[0]
        module_spec = importlib.util.spec_from_file_location(module_name, path)
        if module_spec is None:
            raise ImportError(f"cannot load Python file {path}")
        module = importlib.util.module_from_spec(module_spec)
        module_spec.loader.exec_module(module)
        name = spec["name"]
    else:
        module_path, _, name = spec["dotted"].rpartition(".")
        if not module_path:
            raise ImportError(f"'{spec['dotted']}' is not a dotted path such as package.module.function")
        module = importlib.import_module(module_path)
    if not hasattr(module, name):
        raise AttributeError(f"module '{module.__name__}' has no callable '{name}'")
    return getattr(module, name)


def load_function_source(spec):
    """PythonVirtualenvOperator's way: only the function's own source runs (decorators removed), so its module's
    imports need not exist in this environment; the function imports what it needs itself."""
    if spec.get("file"):
        path, name = spec["file"], spec["name"]
    else:
        module_path, _, name = spec["dotted"].rpartition(".")
        found = importlib.util.find_spec(module_path)
        if found is None or not found.origin:
            raise ImportError(f"cannot find module '{module_path}'")
        path = found.origin
    with open(path, encoding="utf-8") as f:
        source = f.read()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name == name:
            node.decorator_list = []
            namespace = {"__name__": "__main__"}
            exec(compile(ast.Module(body=[node], type_ignores=[]), path, "exec"), namespace)
            return namespace[name]
    raise AttributeError(f"{path} defines no top-level function '{name}'")


def call_with_context(fn, op_args, op_kwargs, context):
    """Airflow's KeywordParameters: all of the context for **kwargs, else only the keys the callable names."""
    merged = dict(context)
    merged.update(op_kwargs)
    parameters = inspect.signature(fn).parameters.values()
    if any(p.kind == inspect.Parameter.VAR_KEYWORD for p in parameters):
        return fn(*op_args, **merged)
    named = [p.name for p in parameters
             if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)]
    filled_by_position = set(named[:len(op_args)])
    kwargs = {k: v for k, v in merged.items() if k in named and k not in filled_by_position}
    return fn(*op_args, **kwargs)


def status_of(error):
    names = {cls.__name__ for cls in type(error).__mro__}
    if names & SKIP_EXCEPTIONS:
        return "skip"
    if names & FAIL_EXCEPTIONS:
        return "fail"
    return "error"


def share_with_airflow_shim(spec, context):
    """Variables, connections, XComs and the context for the stand-in's Variable, Connection, XCom and
    get_current_context (a real Airflow reads its own)."""
    try:
        from airflow import _updraft
    except ImportError:
        return
    store = spec.get("airflow") or {}
    _updraft.variables = store.get("variables", {})
    _updraft.connections = store.get("connections", {})
    _updraft.xcoms = [dict(x, value=from_serde(x["value"])) for x in spec.get("xcoms", [])]
    _updraft.context = context
    _updraft.graph = (spec.get("operator") or {}).get("graph") or {}
    _updraft.followed = None
    _updraft.skip_all_downstream = False


def build_operator(spec, ti):
    """A user-written operator: its class with the task's arguments, then its template_fields rendered."""
    operator_spec = spec["operator"]
    module_path, _, name = operator_spec["class"].rpartition(".")
    cls = getattr(importlib.import_module(module_path), name)
    arguments = dict(operator_spec.get("arguments") or {})
    operator = cls(task_id=ti.task_id,
                   **{name: with_objects(resolve_callable(value)) for name, value in arguments.items()})
    task = spec["context"].get("task") or {}
    for relatives in ("upstream_task_ids", "downstream_task_ids"):  # what Airflow's BaseOperator knows of its DAG
        setattr(operator, relatives, set(task.get(relatives) or ()))
    rendered, errors = operator_spec.get("rendered") or {}, operator_spec.get("render_errors") or {}
    for field in getattr(operator, "template_fields", ()):
        if field in errors:
            raise ValueError(f"cannot render template field '{field}': {errors[field]}")
        if field in rendered and getattr(operator, field, None) == arguments.get(field):
            setattr(operator, field, rendered[field])
    return operator


def template_field_values(operator):
    """Airflow's rendered_fields: each template field's value after rendering (str() where JSON has no form)."""
    values = {}
    for field in getattr(operator, "template_fields", ()):
        value = to_serde(getattr(operator, field, None))
        try:
            json.dumps(value)
        except (TypeError, ValueError):
            value = str(value)
        values[field] = value
    return values


def with_objects(value):
    """dag-factory's __type__ objects built, as dag-factory builds them when it loads the DAG: the class named by
    __type__ called with __args__ and the other keys (each built first); builtins.list takes its items."""
    if isinstance(value, list):
        return [with_objects(v) for v in value]
    if not isinstance(value, dict):
        return value
    if value.get("__classname__") in SERDE_COLLECTIONS:  # a tuple or set an upstream task returned
        return from_serde(value)
    if value.get("__type__") == "builtins.list" and "items" in value:
        return with_objects(value["items"])
    keywords = {k: with_objects(v) for k, v in value.items() if k not in ("__type__", "__args__")}
    if "__type__" not in value:
        return keywords
    args = with_objects(value.get("__args__") or [])
    if not isinstance(args, list):
        raise ValueError(f"__args__ of {value['__type__']} must be a list")
    module_path, _, name = value["__type__"].rpartition(".")
    return getattr(importlib.import_module(module_path), name)(*args, **keywords)


def resolve_callable(value):
    """A python_callable argument arrives as {"__updraft_callable__": {file, name, dotted}}."""
    if isinstance(value, dict) and set(value) == {"__updraft_callable__"}:
        return load_callable(value["__updraft_callable__"])
    return value


_operator = None  # the user-written operator being run, whose on_kill a SIGTERM calls


def handle_sigterm():
    """Airflow calls on_kill when a running task is killed; the process then ends."""
    def handler(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        print("Received SIGTERM. Terminating subprocesses.", flush=True)
        if _operator is not None:
            _operator.on_kill()
        raise SystemExit(128 + signum)
    signal.signal(signal.SIGTERM, handler)


def json_safe(values):
    safe = {}
    for key, value in values.items():
        try:
            json.dumps(value)
            safe[key] = value
        except (TypeError, ValueError):
            pass
    return safe


class HttpResponse:
    """What an HttpSensor's response_check receives when requests is missing: requests.Response's common part."""

    def __init__(self, status_code, text, headers, url):
        self.status_code, self.text, self.headers, self.url = status_code, text, headers, url
        self.content = text.encode("utf-8")
        self.ok = status_code < 400
        self.encoding = "utf-8"

    def json(self, **kwargs):
        return json.loads(self.text, **kwargs)

    def raise_for_status(self):
        if not self.ok:
            raise RuntimeError(f"{self.status_code} Error for url: {self.url}")


def http_response(fields):
    try:
        import requests
        from requests.structures import CaseInsensitiveDict
    except ImportError:
        return HttpResponse(fields["status_code"], fields["text"], fields["headers"], fields["url"])
    response = requests.models.Response()
    response.status_code, response.url, response.encoding = fields["status_code"], fields["url"], "utf-8"
    response._content = fields["text"].encode("utf-8")
    response.headers = CaseInsensitiveDict(fields["headers"])
    return response


def argument(value, context):
    """An op_arg standing for a context value ({"__updraft_context__": key}) or an HTTP response, else itself."""
    if isinstance(value, dict) and len(value) == 1:
        if "__updraft_context__" in value:
            return context.get(value["__updraft_context__"])
        if "__updraft_http_response__" in value:
            return http_response(value["__updraft_http_response__"])
    return value


def datetimes_as_text(value):
    """A datetime (or a list of them, as ExternalTaskSensor's execution_date_fn returns) as ISO 8601 text."""
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, datetime.datetime) for v in value):
        return [v.isoformat() for v in value]
    return value


def poke_return_value(value):
    """(is_done, xcom_value) of Airflow's PokeReturnValue (the real one or the shim's), else None."""
    if type(value).__name__ == "PokeReturnValue" and hasattr(value, "is_done") and hasattr(value, "xcom_value"):
        return bool(value.is_done), value.xcom_value
    return None


def run(spec):
    values = spec["context"]
    ti = TaskInstance(values, spec.get("xcoms", []))
    extra = spec.get("extra_context", {})
    if spec.get("templates_dict") is not None:
        extra = dict(extra, templates_dict=spec["templates_dict"])
    context = build_context(values, ti, extra)
    given_keys = set(context)
    share_with_airflow_shim(spec, context)
    rendered_fields = None
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stdout, force=True)
    try:
        extend_sys_path(spec.get("python_path", []), spec.get("python_path_end", []))
        if spec["mode"] == "operator":
            global _operator
            operator = _operator = build_operator(spec, ti)
            rendered_fields = template_field_values(operator)
            context["task"] = operator
            try:
                operator.pre_execute(context)
                value = operator.execute(context)
                operator.post_execute(context, value)
            except Exception as e:
                if "DownstreamTasksSkipped" not in {cls.__name__ for cls in type(e).__mro__}:
                    raise
                print("Skipping downstream tasks.", flush=True)  # a branch skipped some: no return value
                value = None
        else:
            fn = load_function_source(spec["callable"]) if spec.get("isolated") else load_callable(spec["callable"])
            if spec["mode"] == "callback":
                fn(context, **spec.get("callback_kwargs", {}))
                return {"status": "success", "xcom_pushes": {}}
            if spec["mode"] == "macro":  # user_defined_macros: called from a template with its arguments only
                value = fn(*spec["op_args"], **spec["op_kwargs"])
                try:
                    json.dumps(value)
                except (TypeError, ValueError):
                    value = str(value)  # what Jinja would print of it
                return {"status": "success", "return_value": value, "xcom_pushes": {}}
            given = with_objects(spec.get("op_args") or [])
            # a context value given by position is not given again by name (as execution_date_fn is called)
            by_position = {a["__updraft_context__"] for a in given if isinstance(a, dict) and "__updraft_context__" in a}
            value = datetimes_as_text(call_with_context(fn, [argument(a, context) for a in given],
                                                        with_objects(spec.get("op_kwargs") or {}),
                                                        {k: v for k, v in context.items() if k not in by_position}))
        poke = poke_return_value(value)
        if poke is not None:  # a sensor's PokeReturnValue: done or not, and the value to push when done
            value = poke[1]
        try:
            json.dumps(to_serde(value))
        except (TypeError, ValueError) as e:
            return {"status": "error", "error_type": "TypeError", "rendered_fields": rendered_fields,
                    "message": f"the return value is not JSON-serialisable ({e}); return None, str, int, float, "
                               f"bool, list, tuple, set or dict"}
        if spec["mode"] != "operator":
            print(f"Done. Returned value was: {value!r}")
        added = json_safe({k: v for k, v in context.items() if k not in given_keys})
        return {"status": "success", "return_value": to_serde(value),
                "truthy": bool(value) if poke is None else poke[0],
                "poke_return_value": poke is not None, "xcom_pushes": to_serde(ti.pushed), "context_additions": added,
                "rendered_fields": rendered_fields, **skip_choice()}
    except BaseException as e:  # SystemExit too: Airflow fails the task on it
        traceback.print_exc()
        return {"status": status_of(e), "error_type": type(e).__name__, "message": str(e),
                "rendered_fields": rendered_fields}


def skip_choice():
    """What a SkipMixin (BaseBranchOperator, BranchMixIn, ShortCircuitOperator) chose: the direct downstream tasks
    to follow (None: it did not choose), or to skip every downstream task."""
    try:
        from airflow import _updraft
    except ImportError:
        return {"followed": None, "skip_all_downstream": False}
    return {"followed": getattr(_updraft, "followed", None),
            "skip_all_downstream": getattr(_updraft, "skip_all_downstream", False)}


def run_files(input_path, output_path):
    """Runs the call described in INPUT_JSON and writes its result to OUTPUT_JSON (also used by the fork server)."""
    handle_sigterm()
    with open(input_path, encoding="utf-8") as f:
        spec = json.load(f)
    shim = spec.get("shim_path")
    # the shim only stands in for a missing Airflow; appended so a real installation always wins
    if shim and importlib.util.find_spec("airflow") is None:
        sys.path.append(shim)
    result = run(spec)
    with open(output_path, "w", encoding="utf-8") as f:
        json.dump(result, f)


if __name__ == "__main__":
    run_files(sys.argv[1], sys.argv[2])
