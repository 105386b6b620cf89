"""The Task SDK's public names (Airflow 3's airflow.sdk)."""
from airflow.sdk.bases.branch import BaseBranchOperator, BranchMixIn
from airflow.sdk.bases.hook import BaseHook
from airflow.sdk.bases.operator import BaseOperator
from airflow.sdk.bases.sensor import BaseSensorOperator, PokeReturnValue
from airflow.sdk.bases.skipmixin import SkipMixin
from airflow.sdk.io.path import ObjectStoragePath
from airflow.sdk.definitions import (DAG, Asset, Connection, Param, Variable, XCom, dag, get_current_context,
                                     task)

Context = dict

__all__ = ["Asset", "BaseBranchOperator", "BaseHook", "BaseOperator", "BaseSensorOperator", "BranchMixIn",
           "Connection", "Context", "DAG", "ObjectStoragePath", "Param", "PokeReturnValue", "SkipMixin", "Variable",
           "XCom", "dag", "get_current_context", "task"]
