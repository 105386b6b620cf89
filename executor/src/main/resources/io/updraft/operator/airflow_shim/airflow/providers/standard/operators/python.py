"""PythonOperator and its branching variants, for task code that subclasses or calls them."""
import inspect

from airflow.sdk.bases.operator import BaseOperator
from airflow.sdk.definitions import get_current_context  # noqa: F401 (Airflow exports it here too)


def _call(fn, op_args, op_kwargs, context):
    """Airflow's KeywordParameters: all of the context for **kwargs, else only the keys the callable names."""
    merged = dict(context)
    merged.update(op_kwargs)
    parameters = inspect.signature(fn).parameters.values()
    if any(p.kind == inspect.Parameter.VAR_KEYWORD for p in parameters):
        return fn(*op_args, **merged)
    named = [p.name for p in parameters
             if p.kind in (inspect.Parameter.POSITIONAL_OR_KEYWORD, inspect.Parameter.KEYWORD_ONLY)]
    by_position = set(named[:len(op_args)])
    return fn(*op_args, **{k: v for k, v in merged.items() if k in named and k not in by_position})


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


class BranchPythonOperator(PythonOperator):
    pass


class ShortCircuitOperator(PythonOperator):
    def __init__(self, *, ignore_downstream_trigger_rules=True, **kwargs):
        super().__init__(**kwargs)
        self.ignore_downstream_trigger_rules = ignore_downstream_trigger_rules
