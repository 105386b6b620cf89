"""Airflow 2's home of BaseHook."""
from airflow.sdk.bases.hook import BaseHook  # noqa: F401
