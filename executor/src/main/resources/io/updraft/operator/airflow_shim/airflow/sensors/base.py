"""Airflow 2's home of BaseSensorOperator."""
from airflow.sdk.bases.sensor import BaseSensorOperator, PokeReturnValue  # noqa: F401
