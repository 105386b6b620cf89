"""Seeded generator of random dag-factory DAGs for the differential suite.

Each DAG exercises trigger rules, failing / skipping / flaky Bash tasks with retries (retry_delay 0), branches,
short-circuits, task groups and templating. Writes one YAML file per DAG and a cases.json with, per DAG, the
logical date, the conf and the "race leaves": tasks whose outcome depends on whether they start before a branch or
short-circuit upstream of them skips them (Airflow's own parallel executors give either outcome).
"""
import json
import random
import sys
from pathlib import Path

import yaml

TRIGGER_RULES = ["all_success"] * 6 + [
    "all_failed", "all_done", "all_done_min_one_success", "one_success", "one_failed", "one_done",
    "none_failed", "none_failed_min_one_success", "none_skipped", "all_skipped", "always"]
# rules that let a task start before all its upstream tasks are done
EAGER_RULES = {"always", "one_success", "one_failed", "one_done"}
KINDS = ["bash_ok"] * 6 + ["bash_fail"] * 2 + ["bash_flaky"] * 2 + ["bash_skip", "bash_silent", "empty"] \
    + ["python_value"] * 2 + ["branch"] * 2 + ["short_circuit"] * 2
# what a task ends as when it runs (its own behaviour, whatever its upstream did)
OWN_STATE = {"bash_ok": "success", "bash_fail": "failed", "bash_flaky": "success", "bash_skip": "skipped",
             "bash_silent": "success", "empty": "success", "python_value": "success", "branch": "success",
             "short_circuit": "success"}
SKIPPERS = {"branch", "short_circuit"}
BASH = "airflow.providers.standard.operators.bash.BashOperator"
PYTHON = "airflow.providers.standard.operators.python."
EMPTY = "airflow.providers.standard.operators.empty.EmptyOperator"


def template_snippets(rng, task, value_tasks):
    snippets = ["{{ ds }}", "{{ ds_nodash }}", "{{ logical_date }}", "{{ params.p }}",
                "{{ dag_run.conf.get('k', 'no-conf') }}", "{{ ti.try_number }}", "{{ macros.ds_add(ds, 3) }}",
                "{{ data_interval_start | ds }}", "{{ ti.task_id }}", "{{ task.task_id }}", "{{ dag.dag_id }}",
                "{{ var.value.get('missing_variable', 'fallback') }}", "{{ params.get('q', 'none') }}",
                "{{ (params.p * 2) | string }}", "{{ 'x' if dag_run.conf.get('k') else 'y' }}"]
    chosen = rng.sample(snippets, rng.randint(1, 3))
    if value_tasks and rng.random() < 0.4:
        chosen.append("{{ ti.xcom_pull(task_ids='%s') }}" % rng.choice(value_tasks))
    return " ".join(chosen)


def generate_dag(rng, dag_id, corpus):
    count = rng.randint(4, 9)
    names = [f"t{i}" for i in range(count)]
    kinds = {name: rng.choice(KINDS) for name in names}
    upstream = {}
    for i, name in enumerate(names):
        earlier = names[:i]
        k = 0 if not earlier else rng.choice([1, 1, 1, 2, 2, 3])
        upstream[name] = sorted(rng.sample(earlier, min(k, len(earlier))))
    rules = {name: (rng.choice(TRIGGER_RULES) if upstream[name] else "all_success") for name in names}
    downstream = {name: [n for n in names if name in upstream[n]] for name in names}

    # a task group over a run of consecutive tasks
    group_of = {}
    if count >= 5 and rng.random() < 0.5:
        start = rng.randint(1, count - 3)
        for name in names[start:start + rng.randint(2, 3)]:
            group_of[name] = "grp"

    def full_id(name):
        return f"{group_of[name]}.{name}" if name in group_of else name

    def ancestors(name):
        seen, stack = set(), list(upstream[name])
        while stack:
            n = stack.pop()
            if n not in seen:
                seen.add(n)
                stack.extend(upstream[n])
        return seen

    # a task that may start before a skipper upstream of it decides is a race leaf: no downstream, no retries,
    # so each of its two legal outcomes (skipped, or its own result) changes nothing else
    race = {}
    for name in names:
        if rules[name] in EAGER_RULES and any(kinds[a] in SKIPPERS for a in ancestors(name)):
            for d in downstream[name]:
                upstream[d].remove(name)
            downstream[name] = []
            if kinds[name] in SKIPPERS or kinds[name] == "bash_flaky":
                kinds[name] = "bash_ok"
            race[full_id(name)] = OWN_STATE[kinds[name]]

    value_kinds = {"bash_ok", "python_value"}
    tasks = []
    for name in names:
        task = {"task_id": name}
        kind = kinds[name]
        # only a direct upstream is surely done when a task runs: a task can be skipped before all its upstream
        # tasks end, so a non-direct ancestor may still be running when something below it renders
        value_tasks = [full_id(a) for a in upstream[name] if kinds[a] in value_kinds and full_id(a) not in race
                       and rules[name] not in EAGER_RULES]
        retries = 0 if full_id(name) in race else rng.choice([0, 0, 1, 2])
        if kind == "bash_ok":
            task.update(operator=BASH, bash_command="echo %s" % json.dumps(
                template_snippets(rng, name, value_tasks)))
        elif kind == "bash_fail":
            task.update(operator=BASH, bash_command="echo failing on {{ ds }}; exit 1")
        elif kind == "bash_flaky":
            need = rng.randint(2, 3)
            task.update(operator=BASH,
                        bash_command=f"echo try {{{{ ti.try_number }}}}; test {{{{ ti.try_number }}}} -ge {need}")
        elif kind == "bash_skip":
            task.update(operator=BASH, bash_command="echo skipping; exit 99")
        elif kind == "bash_silent":
            task.update(operator=BASH, bash_command="true")
        elif kind == "empty":
            task.update(operator=EMPTY)
        elif kind == "python_value":
            task.update(operator=PYTHON + "PythonOperator", python_callable_name="give",
                        python_callable_file="$CONFIG_ROOT_DIR/differential_callables.py",
                        op_kwargs={"value": {"n": rng.randint(0, 99), "text": template_snippets(rng, name, [])}})
        elif kind == "branch":
            targets = [full_id(d) for d in downstream[name]]
            chosen = rng.sample(targets, rng.randint(0, len(targets))) if targets else []
            task.update(operator=PYTHON + "BranchPythonOperator", python_callable_name="branch_to",
                        python_callable_file="$CONFIG_ROOT_DIR/differential_callables.py",
                        op_kwargs={"choice": sorted(chosen)})
        elif kind == "short_circuit":
            task.update(operator=PYTHON + "ShortCircuitOperator", python_callable_name="short_circuit",
                        python_callable_file="$CONFIG_ROOT_DIR/differential_callables.py",
                        op_kwargs={"value": rng.random() < 0.5})
            if rng.random() < 0.3:
                task["ignore_downstream_trigger_rules"] = False
        if retries and kind.startswith("bash"):
            task["retries"] = retries
        elif kind.startswith("bash"):
            task["retries"] = 0
        if rules[name] != "all_success":
            task["trigger_rule"] = rules[name]
        if upstream[name]:
            task["dependencies"] = list(upstream[name])
        if name in group_of:
            task["task_group_name"] = group_of[name]
        tasks.append(task)

    dag = {
        "schedule": None,
        "catchup": False,
        "default_args": {"owner": "differential", "start_date": "2024-01-01",
                         "retry_delay": {"__type__": "datetime.timedelta", "seconds": 0}},
        "params": {"p": rng.randint(1, 9)},
        "tasks": tasks,
    }
    if group_of:
        dag["task_groups"] = [{"group_name": "grp"}]
    (corpus / f"{dag_id}.yml").write_text(
        f"# generated by .ci/differential/generate_dags.py\n" + yaml.safe_dump({dag_id: dag}, sort_keys=False))
    day = rng.randint(1, 300)
    case = {"dag_id": dag_id, "logical_date": f"2024-01-01T00:00:00+00:00" if day == 1 else
            f"2024-{1 + day // 29:02d}-{1 + day % 28:02d}T{rng.randint(0, 23):02d}:00:00+00:00",
            "conf": {"k": f"v{rng.randint(0, 9)}"} if rng.random() < 0.5 else {}, "race_leaves": race}
    return case


def main():
    corpus, seed, count = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
    corpus.mkdir(parents=True, exist_ok=True)
    cases = [generate_dag(random.Random(seed * 100_003 + i), f"gen_{seed}_{i:03d}", corpus) for i in range(count)]
    (corpus / "cases.json").write_text(json.dumps(cases, indent=1))


if __name__ == "__main__":
    main()
