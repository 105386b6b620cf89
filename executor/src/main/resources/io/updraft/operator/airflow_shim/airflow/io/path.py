"""Airflow 2's airflow.io.path: ObjectStoragePath is airflow.sdk.ObjectStoragePath."""
from airflow.sdk.io.path import ObjectStoragePath

__all__ = ["ObjectStoragePath"]
