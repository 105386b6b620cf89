"""EmptyOperator, for task code that subclasses it."""
from airflow.sdk.bases.operator import BaseOperator


class EmptyOperator(BaseOperator):
    ui_color = "#e8f7e4"

    def execute(self, context):
        pass
