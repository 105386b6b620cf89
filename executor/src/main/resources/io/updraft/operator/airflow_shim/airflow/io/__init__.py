"""Airflow 2's airflow.io, which Airflow 3 keeps as a deprecated alias of airflow.sdk.io."""
