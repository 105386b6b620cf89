"""Airflow 2's home of XCom."""
from airflow.sdk.definitions import XCom  # noqa: F401
