"""Airflow's BaseSensorOperator: poke(context) until done, every poke_interval, failing after timeout.

Reschedule mode and deferral run as this poke loop inside the try."""
import time

from airflow.exceptions import AirflowSensorTimeout, AirflowSkipException
from airflow.sdk.bases.operator import BaseOperator


class PokeReturnValue:
    def __init__(self, is_done, xcom_value=None):
        self.is_done = is_done
        self.xcom_value = xcom_value

    def __bool__(self):
        return bool(self.is_done)


class BaseSensorOperator(BaseOperator):
    ui_color = "#e6f1f2"

    def __init__(self, *, poke_interval=60, timeout=7 * 24 * 60 * 60, soft_fail=False, mode="poke",
                 exponential_backoff=False, max_wait=None, silent_fail=False, never_fail=False, **kwargs):
        super().__init__(**kwargs)
        self.poke_interval = poke_interval.total_seconds() if hasattr(poke_interval, "total_seconds") \
            else float(poke_interval)
        self.timeout = timeout.total_seconds() if hasattr(timeout, "total_seconds") else float(timeout)
        self.soft_fail = soft_fail
        self.mode = mode
        self.exponential_backoff = exponential_backoff
        self.max_wait = max_wait
        self.silent_fail = silent_fail
        self.never_fail = never_fail

    def poke(self, context):
        raise NotImplementedError(f"{type(self).__name__} must implement poke(context)")

    def execute(self, context):
        started = time.monotonic()
        interval = self.poke_interval
        while True:
            try:
                result = self.poke(context)
            except Exception:
                if not self.silent_fail:
                    raise
                result = False
            done = result.is_done if isinstance(result, PokeReturnValue) else bool(result)
            if done:
                self.log.info("Success criteria met. Exiting.")
                return result.xcom_value if isinstance(result, PokeReturnValue) else None
            elapsed = time.monotonic() - started
            if elapsed > self.timeout:
                message = (f"Sensor has timed out; run duration of {elapsed} seconds exceeds the specified timeout "
                           f"of {self.timeout}.")
                if self.soft_fail or self.never_fail:
                    raise AirflowSkipException(message)
                raise AirflowSensorTimeout(message)
            time.sleep(interval)
            if self.exponential_backoff:
                interval = min(interval * 2, self.max_wait or float("inf"))
