"""Airflow's BaseHook: connections by id."""
import logging

from airflow.sdk.definitions import Connection


class BaseHook:
    def __init__(self, logger_name=None):
        self.log = logging.getLogger(logger_name or f"airflow.task.hooks.{type(self).__module__}")

    @classmethod
    def get_connection(cls, conn_id):
        return Connection.get(conn_id)
