# A helper module at the DAGs folder's root that imports Airflow, as dag-factory's examples do.
from airflow.operators.python import get_current_context
from airflow.sdk import Variable


def greet():
    context = get_current_context()
    return f"{Variable.get('greeting')} from {context['ti'].task_id} on {context['ds']}"


def last_name(full_name):
    get_current_context()["custom_mapping_key"] = full_name.split()[-1]
    return full_name
