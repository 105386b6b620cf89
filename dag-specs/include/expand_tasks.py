# Callables of example_dynamic_task_mapping.yml (after dag-factory's dev/dags/expand_tasks.py, Apache-2.0).
def make_list():
    return [[1], [2], [3], [4]]


def consume_value(expanded_param, fixed_param):
    print(fixed_param, expanded_param)
    return [expanded_param]


def summarize(ti):
    results = ti.xcom_pull(task_ids="process")
    print("mapped results:", results)
    return len(results)
