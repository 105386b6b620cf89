"""Airflow 2's home of DAG."""
from airflow.sdk.definitions import DAG  # noqa: F401
