"""Airflow 2's home of the branching base classes."""
from airflow.sdk.bases.branch import BaseBranchOperator, BranchMixIn  # noqa: F401
