"""Airflow 2's home of Connection."""
from airflow.sdk.definitions import Connection  # noqa: F401
