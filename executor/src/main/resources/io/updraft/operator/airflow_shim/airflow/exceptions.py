"""Airflow's exceptions, as Updraft's Python runner recognises them (by class name)."""


class AirflowException(Exception):
    """A task failure; retried when the task has retries left."""


class AirflowSkipException(AirflowException):
    """Ends the task as skipped."""


class AirflowFailException(AirflowException):
    """Ends the task as failed, without retrying."""


class AirflowSensorTimeout(AirflowException):
    """A sensor ran out of time; fails without retrying."""


class AirflowTaskTimeout(BaseException):
    """The task ran longer than its execution_timeout."""


class AirflowNotFoundException(AirflowException):
    """A variable or connection that does not exist."""


class AirflowTaskTerminated(BaseException):
    """The task was killed."""


class ParamValidationError(AirflowException):
    """A param's value does not fit its schema."""


class DownstreamTasksSkipped(AirflowException):
    """Raised by SkipMixin to end execute() once it skipped downstream tasks; the task succeeds."""

    def __init__(self, *, tasks):
        super().__init__()
        self.tasks = tasks
