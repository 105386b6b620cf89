# User-written operators and a sensor, as Airflow 3 users write them.
import time

from airflow.models import BaseOperator
from airflow.operators.python import PythonOperator
from airflow.sdk import BaseSensorOperator, Connection, PokeReturnValue


class MakeBreadOperator(BaseOperator):
    template_fields = ("bread_type",)

    def __init__(self, bread_type, oven, **kwargs):
        super().__init__(**kwargs)
        self.bread_type = bread_type
        self.oven = oven

    def execute(self, context):
        print(f"Make {self.bread_type} bread in {self.oven}")
        context["ti"].xcom_push(key="oven", value=self.oven)
        return self.bread_type


class OvenSensor(BaseSensorOperator):
    def __init__(self, ready_after, **kwargs):
        super().__init__(**kwargs)
        self.ready_after = ready_after
        self.pokes = 0

    def poke(self, context):
        self.pokes += 1
        self.log.info("poke %s", self.pokes)
        return PokeReturnValue(self.pokes >= self.ready_after,
                               {"pokes": self.pokes, "host": Connection.get("oven").host})


class SlowOperator(BaseOperator):
    def __init__(self, marker, **kwargs):
        super().__init__(**kwargs)
        self.marker = marker

    def execute(self, context):
        time.sleep(120)

    def on_kill(self):
        with open(self.marker, "w") as f:
            f.write("on_kill ran")


class LoudPythonOperator(PythonOperator):
    def execute(self, context):
        return super().execute(context).upper()
