"""Airflow 2's airflow.models names that task code imports."""
from airflow.sdk.bases.operator import BaseOperator  # noqa: F401
from airflow.sdk.definitions import DAG, Connection, Param, Variable, XCom  # noqa: F401
from airflow.sdk.bases.skipmixin import SkipMixin  # noqa: F401
