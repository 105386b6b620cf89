"""Python callables of the sensor DAGs of the differential suite (copied beside them)."""
import os
import tempfile

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
