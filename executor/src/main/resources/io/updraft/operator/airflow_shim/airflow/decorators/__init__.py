"""Airflow 2's airflow.decorators: @task and @dag."""
from airflow.sdk.definitions import dag, task  # noqa: F401
