"""Airflow's SkipMixin: a task skips some of its direct downstream tasks. The runner reports which ones it
follows; Updraft's engine skips the others, as Airflow's Task Execution API does."""
import logging
from collections.abc import Iterable
from types import GeneratorType

from airflow import _updraft
from airflow.exceptions import AirflowException, DownstreamTasksSkipped

XCOM_SKIPMIXIN_KEY = "skipmixin_key"
XCOM_SKIPMIXIN_SKIPPED = "skipped"
XCOM_SKIPMIXIN_FOLLOWED = "followed"


def _task_ids(tasks):
    """The ids of the tasks among these (Airflow ignores anything that is not a task, task ids too)."""
    return [t.task_id for t in tasks if not isinstance(t, str) and hasattr(t, "task_id")]


def _relatives(task_id):
    """Every task downstream of task_id, at any depth."""
    downstream, found, todo = _updraft.graph.get("downstream", {}), set(), [task_id]
    while todo:
        for child in downstream.get(todo.pop(), ()):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _direct_downstream(ti):
    return list(_updraft.graph.get("downstream", {}).get(ti.task_id, ()))


class SkipMixin:
    """A mixin to skip task instances of the same run."""

    @property
    def log(self):
        return getattr(self, "_log", None) or logging.getLogger(
            f"airflow.task.operators.{type(self).__module__}.{type(self).__name__}")

    @staticmethod
    def _set_state_to_skipped(tasks, map_index):
        # only unmapped tasks end execute here; a mapped one's choice is read by the engine after it
        if tasks and map_index == -1:
            raise DownstreamTasksSkipped(tasks=tasks)

    def skip(self, ti, tasks):
        """Skips these tasks (direct downstream tasks of this one, in Updraft) of the same run."""
        task_ids = _task_ids(tasks)
        if not task_ids:
            return
        if getattr(self, "task_id", None) is not None:
            ti.xcom_push(key=XCOM_SKIPMIXIN_KEY, value={XCOM_SKIPMIXIN_SKIPPED: task_ids})
        direct = _direct_downstream(ti)
        if set(task_ids) <= set(direct):
            _updraft.followed = [t for t in direct if t not in task_ids]
        elif set(task_ids) == _relatives(ti.task_id):  # ShortCircuitOperator's ignore_downstream_trigger_rules
            _updraft.skip_all_downstream = True
        else:
            raise AirflowException(f"Updraft skips some direct downstream tasks of '{ti.task_id}' ({sorted(direct)}) "
                                   f"or all its downstream tasks, not {sorted(task_ids)}")
        self._set_state_to_skipped(task_ids, ti.map_index)

    def skip_all_except(self, ti, branch_task_ids):
        """Follows these tasks (and tasks downstream of them); skips the other direct downstream tasks."""
        if branch_task_ids and isinstance(branch_task_ids, GeneratorType):
            branch_task_ids = list(branch_task_ids)
        if isinstance(branch_task_ids, str):
            branch_task_id_set = {branch_task_ids}
        elif isinstance(branch_task_ids, Iterable):
            branch_task_id_set = set(branch_task_ids)
            invalid_types = {(bti, type(bti).__name__) for bti in branch_task_id_set if not isinstance(bti, str)}
            if invalid_types:
                raise AirflowException(
                    f"Unable to branch to the specified tasks. The branching function returned invalid "
                    f"'branch_task_ids': {invalid_types}. Please check that your function returns an Iterable of "
                    f"valid task IDs that exist in your DAG.")
        elif branch_task_ids is None:
            branch_task_id_set = set()
        else:
            raise AirflowException("'branch_task_ids' must be either None, a task ID, or an Iterable of IDs, "
                                   f"but got {type(branch_task_ids).__name__!r}.")
        self.log.info("Following branch %s", branch_task_id_set)
        invalid = branch_task_id_set - set(_updraft.graph.get("downstream", {}))
        if invalid:
            raise AirflowException(f"'branch_task_ids' must contain only valid task_ids. Invalid tasks found: "
                                   f"{invalid}.")
        direct = _direct_downstream(ti)
        if direct:
            for branch_task_id in list(branch_task_id_set):
                branch_task_id_set.update(_relatives(branch_task_id))
            skip_tasks = [(t, ti.map_index) for t in direct if t not in branch_task_id_set]
            follow_task_ids = [t for t in direct if t in branch_task_id_set]
            self.log.info("Skipping tasks %s", skip_tasks)
            ti.xcom_push(key=XCOM_SKIPMIXIN_KEY, value={XCOM_SKIPMIXIN_FOLLOWED: follow_task_ids})
            _updraft.followed = follow_task_ids
            self._set_state_to_skipped(skip_tasks, ti.map_index)
