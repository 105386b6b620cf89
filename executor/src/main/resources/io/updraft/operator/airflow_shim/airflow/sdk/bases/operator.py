"""Airflow's BaseOperator as task code subclasses it: arguments, template_fields, execute(context), on_kill."""
import logging

BASE_OPERATOR_ARGUMENTS = frozenset({
    "task_id", "owner", "email", "email_on_retry", "email_on_failure", "retries", "retry_delay",
    "retry_exponential_backoff", "max_retry_delay", "retry_delay_multiplier", "start_date", "end_date",
    "depends_on_past", "ignore_first_depends_on_past", "wait_for_past_depends_before_skipping",
    "wait_for_downstream", "dag", "params", "default_args", "priority_weight", "weight_rule", "queue", "pool",
    "pool_slots", "sla", "execution_timeout", "on_execute_callback", "on_failure_callback", "on_success_callback",
    "on_retry_callback", "on_skipped_callback", "pre_execute", "post_execute", "trigger_rule", "resources",
    "run_as_user", "task_concurrency", "map_index_template", "max_active_tis_per_dag", "max_active_tis_per_dagrun",
    "executor", "executor_config", "do_xcom_push", "multiple_outputs", "inlets", "outlets", "task_group", "doc",
    "doc_md", "doc_json", "doc_yaml", "doc_rst", "task_display_name", "logger_name", "allow_nested_operators",
    "has_on_execute_callback", "has_on_failure_callback", "has_on_success_callback", "has_on_retry_callback",
    "has_on_skipped_callback",
})


class _Neighbour:
    """Another task of the DAG, as a task's downstream_list gives it: its task_id."""

    def __init__(self, task_id):
        self.task_id = task_id

    def __repr__(self):
        return f"<Task: {self.task_id}>"


class BaseOperator:
    template_fields = ()
    template_ext = ()
    template_fields_renderers = {}
    ui_color = "#fff"
    ui_fgcolor = "#000"
    custom_operator_name = None

    def __init__(self, task_id=None, **kwargs):
        invalid = {k: v for k, v in kwargs.items() if k not in BASE_OPERATOR_ARGUMENTS}
        if invalid:
            raise TypeError(f"Invalid arguments were passed to {type(self).__name__} (task_id: {task_id}). "
                            f"Invalid arguments were:\n**kwargs: {invalid}")
        self.task_id = task_id
        self.owner = kwargs.pop("owner", "airflow")
        self.retries = kwargs.pop("retries", 0)
        self.do_xcom_push = kwargs.pop("do_xcom_push", True)
        self.multiple_outputs = kwargs.pop("multiple_outputs", False)
        self.params = kwargs.pop("params", None) or {}
        self.inlets = list(kwargs.pop("inlets", None) or [])
        self.outlets = list(kwargs.pop("outlets", None) or [])
        self.__dict__.update(kwargs)
        self._log = logging.getLogger(f"airflow.task.operators.{type(self).__module__}.{type(self).__name__}")

    @property
    def log(self):
        return self._log

    @property
    def operator_name(self):
        return self.custom_operator_name or type(self).__name__

    # the task's neighbours, set by Updraft's runner from the DAG (Airflow's properties of the same names)
    upstream_task_ids = frozenset()
    downstream_task_ids = frozenset()

    @property
    def downstream_list(self):
        return [_Neighbour(task_id) for task_id in sorted(self.downstream_task_ids)]

    @property
    def upstream_list(self):
        return [_Neighbour(task_id) for task_id in sorted(self.upstream_task_ids)]

    def get_direct_relative_ids(self, upstream=False):
        return set(self.upstream_task_ids if upstream else self.downstream_task_ids)

    def get_direct_relatives(self, upstream=False):
        return self.upstream_list if upstream else self.downstream_list

    def get_flat_relative_ids(self, upstream=False):
        """Every task downstream (or upstream) of this one, at any depth."""
        from airflow import _updraft
        edges = _updraft.graph.get("downstream", {})
        if upstream:
            reverse = {}
            for task_id, children in edges.items():
                for child in children:
                    reverse.setdefault(child, []).append(task_id)
            edges = reverse
        found, todo = set(), [self.task_id]
        while todo:
            for other in edges.get(todo.pop(), ()):
                if other not in found:
                    found.add(other)
                    todo.append(other)
        return found

    def get_flat_relatives(self, upstream=False):
        return [_Neighbour(task_id) for task_id in sorted(self.get_flat_relative_ids(upstream))]

    def pre_execute(self, context):
        pass

    def execute(self, context):
        raise NotImplementedError(f"{type(self).__name__} must implement execute(context)")

    def post_execute(self, context, result=None):
        pass

    def on_kill(self):
        """Called when the task is killed; override it to clean up (stop a remote job, a child process)."""

    def render_template_fields(self, context, jinja_env=None):
        """Updraft renders template_fields before execute, as Airflow does."""

    # dependencies declared in helper modules at import time are Updraft's YAML's business
    def __rshift__(self, other):
        return other

    def __lshift__(self, other):
        return other

    def __rrshift__(self, other):
        return self

    def __rlshift__(self, other):
        return self

    def set_downstream(self, *args, **kwargs):
        pass

    def set_upstream(self, *args, **kwargs):
        pass

    def __repr__(self):
        return f"<Task({type(self).__name__}): {self.task_id}>"
