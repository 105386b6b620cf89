"""Airflow 2's home of BaseOperator."""
from airflow.sdk.bases.operator import BaseOperator  # noqa: F401
