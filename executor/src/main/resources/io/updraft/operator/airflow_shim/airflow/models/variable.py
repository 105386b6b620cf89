"""Airflow 2's home of Variable."""
from airflow.sdk.definitions import Variable  # noqa: F401
