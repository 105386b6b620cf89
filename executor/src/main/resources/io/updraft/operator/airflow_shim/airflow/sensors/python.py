"""Airflow 2's home of PythonSensor."""
from airflow.providers.standard.sensors.python import PythonSensor  # noqa: F401
