"""What Updraft's Python runner gives the task: the store's variables and connections, the run's XComs, the
current context. Filled by the runner before the task's code runs."""

variables = {}
connections = {}
xcoms = []
context = None
# the DAG's shape for SkipMixin: {"downstream": {task_id: [direct downstream ids]}, "groups": {group_id: [roots]}}
graph = {}
# the direct downstream tasks a SkipMixin chose to follow (None: it did not branch); the engine skips the others
followed = None
# a SkipMixin skipped every task downstream of this one, whatever their trigger rules
skip_all_downstream = False
