"""Airflow 2's home of Param."""
from airflow.sdk.definitions import Param  # noqa: F401
