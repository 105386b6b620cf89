"""Airflow 2's home of Context and get_current_context."""
from airflow.sdk.definitions import get_current_context  # noqa: F401

Context = dict
