"""Airflow's branching base classes: BranchMixIn.do_branch and BaseBranchOperator.choose_branch."""
from collections.abc import Iterable

from airflow import _updraft
from airflow.sdk.bases.operator import BaseOperator
from airflow.sdk.bases.skipmixin import SkipMixin


class BranchMixIn(SkipMixin):
    """Branching as a one-liner: do_branch(context, task ids) follows them and skips the other branches."""

    def do_branch(self, context, branches_to_execute):
        self.log.info("Branch into %s", branches_to_execute)
        if branches_to_execute is None:
            self.skip_all_except(context["ti"], None)
        else:
            self.skip_all_except(context["ti"], self._expand_task_group_roots(context["ti"], branches_to_execute))
        return branches_to_execute

    def _expand_task_group_roots(self, ti, branches_to_execute):
        if isinstance(branches_to_execute, str) or not isinstance(branches_to_execute, Iterable):
            branches_to_execute = [branches_to_execute]
        groups = _updraft.graph.get("groups", {})
        for branch in branches_to_execute:
            if branch in groups:
                self.log.info("Expanding task group %s into %s", branch, groups[branch])
                yield from groups[branch]
            else:
                yield branch


class BaseBranchOperator(BaseOperator, BranchMixIn):
    """Subclasses implement choose_branch(context): a task id, a task group id, a list of them, or None."""

    inherits_from_skipmixin = True

    def choose_branch(self, context):
        raise NotImplementedError

    def execute(self, context):
        return self.do_branch(context, self.choose_branch(context))
