"""The Task SDK's definitions that task code uses: Variable, Connection, XCom, Asset, Param, the decorators,
get_current_context."""
import json
import os
from urllib.parse import parse_qsl, quote, unquote, urlsplit

from airflow import _updraft
from airflow.exceptions import AirflowNotFoundException

_MISSING = object()


class Variable:
    """Airflow's Variable: AIRFLOW_VAR_<KEY> from the environment first, then the store."""

    @staticmethod
    def get(key, default=_MISSING, deserialize_json=False, default_var=_MISSING):
        if default is _MISSING:
            default = default_var
        value = os.environ.get("AIRFLOW_VAR_" + key.upper(), _updraft.variables.get(key, _MISSING))
        if value is _MISSING:
            if default is _MISSING:
                raise KeyError(f"Variable {key} does not exist")
            return default
        return json.loads(value) if deserialize_json else value

    @staticmethod
    def set(key, value, description=None, serialize_json=False):
        raise NotImplementedError("Variable.set from a task is not supported by Updraft; use the REST API")


class Connection:
    """Airflow's Connection: AIRFLOW_CONN_<ID> (URI or JSON) from the environment first, then the store."""

    def __init__(self, conn_id=None, conn_type=None, description=None, host=None, login=None, password=None,
                 schema=None, port=None, extra=None, uri=None):
        self.conn_id = conn_id
        self.conn_type, self.description, self.host = conn_type, description, host
        self.login, self.password, self.schema, self.port = login, password, schema, port
        self.extra = extra if extra is None or isinstance(extra, str) else json.dumps(extra)
        if uri:
            self._parse(uri)

    def _parse(self, uri):
        parts = urlsplit(uri)
        self.conn_type = parts.scheme.replace("-", "_")
        self.host = unquote(parts.hostname) if parts.hostname else None
        self.login = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None
        self.port = parts.port
        self.schema = unquote(parts.path.lstrip("/")) or None
        query = dict(parse_qsl(parts.query, keep_blank_values=True))
        if query:
            self.extra = query.pop("__extra__", None) or json.dumps(query)

    @property
    def extra_dejson(self):
        try:
            return json.loads(self.extra) if self.extra else {}
        except ValueError:
            return {}

    def get_uri(self):
        auth = ""
        if self.login or self.password:
            auth = quote(self.login or "", safe="") + (":" + quote(self.password, safe="") if self.password else "")
            auth += "@"
        host = (self.host or "") + (f":{self.port}" if self.port else "")
        uri = f"{(self.conn_type or '').replace('_', '-')}://{auth}{host}/{quote(self.schema or '', safe='')}"
        return uri + ("?__extra__=" + quote(self.extra, safe="") if self.extra else "")

    @classmethod
    def get(cls, conn_id):
        text = os.environ.get("AIRFLOW_CONN_" + conn_id.upper())
        if text is not None:
            if text.lstrip().startswith("{"):
                return cls(conn_id=conn_id, **json.loads(text))
            return cls(conn_id=conn_id, uri=text)
        stored = _updraft.connections.get(conn_id)
        if stored is None:
            raise AirflowNotFoundException(f"The conn_id `{conn_id}` isn't defined")
        return cls(conn_id=conn_id, **stored)

    def __repr__(self):
        return self.conn_id or ""


class XCom:
    """Airflow's XCom, reading the XComs of the task's own run."""

    @staticmethod
    def get_one(key="return_value", dag_id=None, task_id=None, run_id=None, map_index=None,
                include_prior_dates=False, **_):
        context = _updraft.context or {}
        if run_id not in (None, context.get("run_id")):
            raise ValueError("XCom.get_one from another run is not supported by Updraft")
        for entry in _updraft.xcoms:
            if (entry["key"] == key and (task_id is None or entry["task_id"] == task_id)
                    and (map_index is None or entry["map_index"] == map_index)):
                return entry["value"]
        return None

    get_value = get_one


class Asset:
    """Airflow's Asset: a name and URI (either gives the other), a group and extra."""

    def __init__(self, name=None, uri=None, *, group="asset", extra=None, watchers=None):
        if name is None and uri is None:
            raise TypeError("Asset() requires either 'name' or 'uri'")
        self.name = name if name is not None else uri
        self.uri = uri if uri is not None else name
        self.group = group
        self.extra = extra or {}

    def __eq__(self, other):
        return isinstance(other, Asset) and (self.name, self.uri) == (other.name, other.uri)

    def __hash__(self):
        return hash((self.name, self.uri))

    def __repr__(self):
        return f"Asset(name={self.name!r}, uri={self.uri!r}, group={self.group!r}, extra={self.extra!r})"


class Param:
    """Airflow's Param: a default value with a JSON schema."""

    def __init__(self, default=None, description=None, **schema):
        self.value = default
        self.description = description
        self.schema = schema

    def resolve(self, value=None, suppress_exception=False):
        return self.value if value is None else value


def get_current_context():
    if _updraft.context is None:
        raise RuntimeError("Current context was requested but no context was found! Are you running within a "
                           "task?")
    return _updraft.context


class _Decorator:
    """@task and its variants: in a task's process, decorating returns the function itself, still callable."""

    def __call__(self, python_callable=None, **kwargs):
        if callable(python_callable):
            return python_callable
        return lambda fn: fn

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        return _Decorator()


task = _Decorator()


def dag(dag_id=None, **kwargs):
    if callable(dag_id):
        return dag_id
    return lambda fn: fn


class DAG:
    """Enough of Airflow's DAG for modules that build one at import time; Updraft reads DAGs from YAML."""

    def __init__(self, dag_id=None, **kwargs):
        self.dag_id = dag_id
        self.__dict__.update(kwargs)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
