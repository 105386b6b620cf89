"""Airflow 2's home of BashOperator."""
from airflow.providers.standard.operators.bash import BashOperator  # noqa: F401
