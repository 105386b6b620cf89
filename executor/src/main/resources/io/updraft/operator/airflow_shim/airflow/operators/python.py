"""Airflow 2's home of the standard provider's Python operators."""
from airflow.providers.standard.operators.python import (BranchPythonOperator, PythonOperator,  # noqa: F401
                                                         ShortCircuitOperator, get_current_context)
