"""Python callables of the sensor DAGs of the differential suite (copied beside them)."""
import os
import tempfile
from datetime import timedelta

from airflow.sdk import PokeReturnValue


def answer(value):
    """PythonSensor: done when value is truthy."""
    return value


def done_with(value):
    """PythonSensor returning a PokeReturnValue: done, pushing value as return_value."""
    return PokeReturnValue(is_done=True, xcom_value=value)


def done_on_second_poke(marker):
    """PythonSensor: not done on the first poke, done on the next (the marker file remembers the first)."""
    path = os.path.join(tempfile.gettempdir(), "updraft-differential-" + marker.replace("/", "_").replace(":", "_"))
    if os.path.exists(path):
        os.remove(path)
        return PokeReturnValue(is_done=True, xcom_value={"pokes": 2})
    open(path, "w").close()
    return False


def same_date(logical_date, **context):
    """ExternalTaskSensor's execution_date_fn: the run's own logical date."""
    return logical_date


def this_and_day_before(logical_date):
    """ExternalTaskSensor's execution_date_fn: two dates, the second without a run."""
    return [logical_date, logical_date - timedelta(days=1)]
