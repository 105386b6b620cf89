"""Airflow 2's home of EmptyOperator."""
from airflow.providers.standard.operators.empty import EmptyOperator  # noqa: F401
