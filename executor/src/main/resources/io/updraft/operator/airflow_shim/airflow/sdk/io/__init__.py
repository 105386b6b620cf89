"""Airflow 3's airflow.sdk.io: object storage paths (the stand-in reads local files only)."""
from airflow.sdk.io.path import ObjectStoragePath

__all__ = ["ObjectStoragePath"]
