"""PythonSensor: pokes a callable until it returns a truthy value."""
from airflow.providers.standard.operators.python import _call
from airflow.sdk.bases.sensor import BaseSensorOperator


class PythonSensor(BaseSensorOperator):
    template_fields = ("templates_dict", "op_args", "op_kwargs")

    def __init__(self, *, python_callable, op_args=None, op_kwargs=None, templates_dict=None, **kwargs):
        super().__init__(**kwargs)
        self.python_callable = python_callable
        self.op_args = op_args or []
        self.op_kwargs = op_kwargs or {}
        self.templates_dict = templates_dict

    def poke(self, context):
        return _call(self.python_callable, list(self.op_args), self.op_kwargs,
                     dict(context, templates_dict=self.templates_dict))
