"""Airflow's task-control exceptions, as Updraft's Python runner recognises them (by class name)."""


class AirflowException(Exception):
    """A task failure; retried when the task has retries left."""


class AirflowSkipException(AirflowException):
    """Ends the task as skipped."""


class AirflowFailException(AirflowException):
    """Ends the task as failed, without retrying."""
