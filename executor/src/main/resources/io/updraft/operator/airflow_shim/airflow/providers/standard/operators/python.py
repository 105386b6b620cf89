"""PythonOperator and its branching variants, for task code that subclasses or calls them."""
from updraft_python_runner import call_with_context as _call  # Airflow's KeywordParameters, as for callables
from airflow.sdk.bases.branch import BranchMixIn
from airflow.sdk.bases.operator import BaseOperator
from airflow.sdk.bases.skipmixin import SkipMixin
from airflow.sdk.definitions import get_current_context  # noqa: F401 (Airflow exports it here too)


class PythonOperator(BaseOperator):
    template_fields = ("templates_dict", "op_args", "op_kwargs")
    ui_color = "#ffefeb"

    def __init__(self, *, python_callable, op_args=None, op_kwargs=None, templates_dict=None,
                 templates_exts=None, show_return_value_in_logs=True, **kwargs):
        super().__init__(**kwargs)
        if not callable(python_callable):
            raise TypeError("`python_callable` param must be callable")
        self.python_callable = python_callable
        self.op_args = op_args or ()
        self.op_kwargs = op_kwargs or {}
        self.templates_dict = templates_dict
        self.templates_exts = templates_exts
        self.show_return_value_in_logs = show_return_value_in_logs

    def execute(self, context):
        context = dict(context, templates_dict=self.templates_dict)
        value = self.execute_callable(context)
        if self.show_return_value_in_logs:
            self.log.info("Done. Returned value was: %s", value)
        return value

    def execute_callable(self, context=None):
        return _call(self.python_callable, list(self.op_args), self.op_kwargs, context or get_current_context())


class BranchPythonOperator(PythonOperator, BranchMixIn):
    """Follows the task ids its callable returns; skips the other direct downstream tasks."""

    inherits_from_skipmixin = True

    def execute(self, context):
        return self.do_branch(context, super().execute(context))


class ShortCircuitOperator(PythonOperator, SkipMixin):
    """Skips the downstream tasks (all of them, or only the direct ones) when its callable returns a falsy value."""

    inherits_from_skipmixin = True

    def __init__(self, *, ignore_downstream_trigger_rules=True, **kwargs):
        super().__init__(**kwargs)
        self.ignore_downstream_trigger_rules = ignore_downstream_trigger_rules

    def execute(self, context):
        condition = super().execute(context)
        self.log.info("Condition result is %s", condition)
        if condition:
            self.log.info("Proceeding with downstream tasks...")
            return condition
        if not self.downstream_task_ids:
            self.log.info("No downstream tasks; nothing to do.")
            return condition
        tasks = (self.get_flat_relatives(upstream=False) if self.ignore_downstream_trigger_rules is True
                 else self.get_direct_relatives(upstream=False))
        self.log.info("Skipping downstream tasks")
        self.skip(ti=context["ti"], tasks=tasks)
        return condition
