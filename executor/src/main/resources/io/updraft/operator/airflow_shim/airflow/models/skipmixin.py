"""Airflow 2's home of SkipMixin."""
from airflow.sdk.bases.skipmixin import SkipMixin  # noqa: F401
