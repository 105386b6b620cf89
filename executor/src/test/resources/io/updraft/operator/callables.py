# Callables for PythonOperatorTest.
from airflow.exceptions import AirflowFailException, AirflowSkipException


def add(a, b, scale=1):
    return (a + b) * scale


def with_context(ds, ti, params):
    return {"ds": ds, "task_id": ti.task_id, "try_number": ti.try_number, "env": params["env"]}


def with_kwargs(**kwargs):
    return sorted(k for k in ("ds", "ti", "dag_run", "params", "run_id") if k in kwargs)


def pull(ti):
    ti.xcom_push(key="seen", value=ti.xcom_pull(task_ids="upstream", key="path"))
    return ti.xcom_pull(task_ids="upstream")


def skip():
    raise AirflowSkipException("nothing to do today")


def fail():
    raise AirflowFailException("bad input, do not retry")


def crash():
    raise ValueError("boom")


def not_json():
    return object()  # Airflow's serde has no form for it (sets and tuples it has)


def choose(params):
    return params["branch"]


def condition(params):
    return params["go"]


def record_failure(context, marker):
    print("callback", marker, context["exception"], context["task_instance_key_str"])
