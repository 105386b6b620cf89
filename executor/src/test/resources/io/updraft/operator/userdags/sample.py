# A helper module at the DAGs folder's root that imports Airflow, as dag-factory's examples do.
from airflow.operators.python import get_current_context
from airflow.sdk import Variable


def greet():
    context = get_current_context()
    return f"{Variable.get('greeting')} from {context['ti'].task_id} on {context['ds']}"


def last_name(full_name):
    get_current_context()["custom_mapping_key"] = full_name.split()[-1]
    return full_name


def read_storage(storage):
    """Gets a dag-factory __type__ object built, as dag-factory's example_object_storage.yml."""
    from airflow.sdk import ObjectStoragePath
    assert isinstance(storage, ObjectStoragePath), type(storage)
    with storage.open("rb") as f:
        return {"name": storage.name, "text": f.read().decode("utf-8")}


def add_days(ds, num_days):
    """A user_defined_macros function, as dag-factory's example_user_defined_macros.yml."""
    from datetime import datetime, timedelta
    return (datetime.strptime(ds, "%Y-%m-%d") + timedelta(days=num_days)).strftime("%Y-%m-%d")


def tagged(value, prefix="day"):
    """A user_defined_filters function: the filtered value comes first."""
    return f"{prefix}:{value}"
