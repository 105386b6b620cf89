"""Stand-in for Apache Airflow, put on sys.path by Updraft's Python runner only when Airflow is not installed,
so task code and helper modules that import Airflow run unchanged: the Task SDK's public names (airflow.sdk) and
their Airflow 2 homes (airflow.models, airflow.decorators, airflow.operators, airflow.sensors, airflow.hooks,
airflow.providers.standard)."""

__version__ = "3.0.0"  # the Airflow API this stand-in follows
