"""The differential suite: the same DAG runs in Airflow 3.3.2 (+ dag-factory 1.1.0) and in Updraft, compared.

Usage (inside the venv made by run.sh): differential.py WORK_DIR
For every DAG of the run suites (generated DAGs, the shipped examples): one run in Airflow's `dags test` code path
and one in `./updraft dags test`, at the same logical date with the same conf; compares the run's state and each
task instance's state, try_number and XCom return_value. The schedules suite compares backfill dates. Every difference must be listed in known-mismatches.tsv
(with its reason) for the suite to pass; listed ones that now agree are reported so the list can shrink.
"""
import json
import os
import shutil
import subprocess
import time
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import dag_factory_examples
import schedules  # this folder is on sys.path: Python puts a script's own folder there
from compare import KnownMismatches, SuiteResult, compare_suite, print_summary

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SEED = int(os.environ.get("DIFFERENTIAL_SEED", "11"))
GENERATED = int(os.environ.get("DIFFERENTIAL_DAGS", "40"))
SCHEDULES = int(os.environ.get("DIFFERENTIAL_SCHEDULES", "30"))
# a comma-separated subset of generated, examples, sensors, dag-factory, dag-factory-examples, schedules
# (default: all)
ONLY = set(filter(None, os.environ.get("DIFFERENTIAL_SUITES", "").split(",")))
WORKERS = int(os.environ.get("DIFFERENTIAL_WORKERS", "2"))
# suites whose DAGs look at each other's runs (ExternalTaskSensor, TriggerDagRunOperator): one store, in order
SEQUENTIAL = {"sensors"}
# today's midnight (UTC): after the examples' start dates, including relative ones such as "2 days"
EXAMPLE_DATE = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0).isoformat()


def suites(work):
    """(name, folder, cases) of each suite, with its folder filled; cases None: every DAG either side loads;
    a {"schedules": [...]} dict: the schedules suite; a {"loaders": {...}} dict: a group of dag-factory's examples
    (each YAML file's load compared, then every DAG either side loads run)."""
    generated = work / "generated"
    generated.mkdir(parents=True)
    subprocess.run([sys.executable, str(HERE / "generate_dags.py"), str(generated), str(SEED), str(GENERATED)],
                   check=True)
    shutil.copy(HERE / "differential_callables.py", generated)
    yield "generated", generated, json.loads((generated / "cases.json").read_text())

    examples = work / "examples"
    examples.mkdir()
    for spec in sorted((ROOT / "dag-specs").glob("*.yml")):
        if not spec.name.startswith("phishing_"):  # Updraft's own ML plugins: no Airflow operator to compare with
            shutil.copy(spec, examples)
    shutil.copytree(ROOT / "dag-specs" / "include", examples / "include")
    yield "examples", examples, None

    sensors = work / "sensors"
    shutil.copytree(HERE / "sensors", sensors)
    yield "sensors", sensors, None

    dag_factory = work / "dag-factory"
    shutil.copytree(ROOT / "executor/src/test/resources/airflow-examples/dag-factory", dag_factory,
                    ignore=shutil.ignore_patterns("README.md", "example_http_operator_task.yml"))  # needs a server
    yield "dag-factory", dag_factory, None

    if not ONLY or "dag-factory-examples" in ONLY:
        for name, folder, loaders in dag_factory_examples.make_groups(work):
            yield name, folder, {"loaders": loaders}

    schedules_folder = work / "schedules"
    schedules_folder.mkdir()
    yield "schedules", schedules_folder, {"schedules": schedules.generate(schedules_folder, SEED, SCHEDULES)}


def environment(folder, airflow_home):
    env = dict(os.environ)
    env.update({"CONFIG_ROOT_DIR": str(folder), "AIRFLOW_HOME": str(airflow_home),
                "AIRFLOW__CORE__DAGS_FOLDER": str(folder), "AIRFLOW__CORE__LOAD_EXAMPLES": "False",
                "AIRFLOW__CORE__UNIT_TEST_MODE": "False", "DO_NOT_TRACK": "1", "SCARF_NO_ANALYTICS": "1",
                "AIRFLOW__DAG_FACTORY__ENABLE_TELEMETRY": "False"})
    return env


def run_airflow(name, folder, cases, out, work, loader=True):
    home = work / f"airflow-home-{name}"
    env = environment(folder, home)
    if loader:
        shutil.copy(HERE / "dag_loader.py", folder)
    log = open(work / f"airflow-{name}.log", "w")
    migrated = work / "airflow-home-migrated"
    if not migrated.exists():  # `airflow db migrate` once; each suite starts from a copy of that empty database
        subprocess.run([str(Path(sys.executable).parent / "airflow"), "db", "migrate"],
                       env=environment(folder, migrated), check=True, stdout=log, stderr=subprocess.STDOUT)
    home.mkdir()
    shutil.copy(migrated / "airflow.db", home / "airflow.db")
    cases_file = work / f"cases-{name}.json"
    cases_file.write_text(json.dumps(cases))
    started = time.monotonic()
    done = subprocess.run([sys.executable, str(HERE / "airflow_side.py"), str(cases_file), str(out), EXAMPLE_DATE],
                          env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    print(f"{name}: Airflow side {time.monotonic() - started:.0f} s", flush=True)
    if done.returncode != 0:
        print("".join((work / f"airflow-{name}.log").read_text().splitlines(True)[-60:]))
        raise SystemExit(f"the Airflow side of suite {name} failed (exit {done.returncode})")
    if loader:
        (folder / "dag_loader.py").unlink()


def run_updraft(name, folder, cases, out, work):
    workers = 1 if name in SEQUENTIAL else WORKERS
    homes = [work / f"updraft-home-{name}-{i}" for i in range(workers)]

    def one(index_case):
        index, case = index_case
        env = environment(folder, work / "unused")
        env.update({"UPDRAFT_HOME": str(homes[index % workers]), "UPDRAFT_DAGS_FOLDER": str(folder)})
        target = out / f"{case['dag_id']}.json"
        result = subprocess.run([str(ROOT / "updraft"), "dags", "test", case["dag_id"], case["logical_date"],
                                 "--conf", json.dumps(case.get("conf") or {}), "--no-logs", "--report", str(target)],
                                env=env, capture_output=True, text=True)
        if not target.exists():
            target.write_text(json.dumps({"dag_id": case["dag_id"], "error": (result.stdout + result.stderr)[-2000:]}))

    # one H2 home per worker, and each worker runs its cases one after another
    groups = [[(i, c) for i, c in enumerate(cases) if i % workers == w] for w in range(workers)]
    started = time.monotonic()
    with ThreadPoolExecutor(workers) as pool:
        list(pool.map(lambda group: [one(item) for item in group], groups))
    print(f"{name}: Updraft side {time.monotonic() - started:.0f} s ({len(cases)} runs, {workers} at a time)",
          flush=True)


def compare_schedules(name, folder, cases, airflow_out, work, known):
    airflow = json.loads((airflow_out / "schedules.json").read_text())
    homes = [work / f"updraft-home-{name}-{i}" for i in range(WORKERS)]

    def dates(index_case):
        index, case = index_case
        env = environment(folder, work / "unused")
        env.update({"UPDRAFT_HOME": str(homes[index % WORKERS]), "UPDRAFT_DAGS_FOLDER": str(folder)})
        return case["dag_id"], schedules.updraft_dates(ROOT / "updraft", env, case)

    groups = [[(i, c) for i, c in enumerate(cases) if i % WORKERS == w] for w in range(WORKERS)]
    with ThreadPoolExecutor(WORKERS) as pool:
        updraft = dict(pair for group in pool.map(lambda g: [dates(item) for item in g], groups) for pair in group)
    result = SuiteResult(name)
    schedules.compare(cases, airflow, updraft, known, result)
    return result


def updraft_environment(folder, work):
    env = environment(folder, work / "unused")
    env.update({"UPDRAFT_HOME": str(work / "updraft-list-home"), "UPDRAFT_DAGS_FOLDER": str(folder)})
    return env


def run_examples_group(name, folder, loaders, work, known):
    """A group of dag-factory's examples: each YAML file's load, then every DAG either side loads, but those
    dag_factory_examples.EXCLUDED_RUNS names, run and compared."""
    airflow_out, updraft_out = work / f"airflow-{name}", work / f"updraft-{name}"
    updraft_out.mkdir()
    run_airflow(name, folder, {"skip": sorted(dag_factory_examples.EXCLUDED_RUNS)}, airflow_out, work, loader=False)
    env = updraft_environment(folder, work)
    airflow_files = dag_factory_examples.airflow_files(folder, loaders, airflow_out)
    updraft_files = dag_factory_examples.updraft_files(ROOT / "updraft", env, folder, loaders)
    ids = sorted({d for f in (airflow_files, updraft_files) for o in f.values() for d in o["dags"]
                  if not dag_factory_examples.excluded(d)})
    cases = [{"dag_id": dag_id, "logical_date": EXAMPLE_DATE, "conf": {}, "race_leaves": {}} for dag_id in ids]
    print(f"{name}: {len(loaders)} files, {len(cases)} DAGs run", flush=True)
    run_updraft(name, folder, cases, updraft_out, work)
    result = compare_suite(name, cases, airflow_out, updraft_out, known)
    dag_factory_examples.compare_files(name, airflow_files, updraft_files, known, result)
    return result


def loaded_by_updraft(folder, work):
    env = updraft_environment(folder, work)
    listed = subprocess.run([str(ROOT / "updraft"), "dags", "list", "-o", "json"], env=env, capture_output=True,
                            text=True, check=True)
    return {row["dag_id"] for row in json.loads(listed.stdout or "[]")}


def main():

    work = Path(sys.argv[1]).resolve()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    known = KnownMismatches.read(HERE / "known-mismatches.tsv")
    # builds the jar once if sources changed, before parallel workers would each try
    subprocess.run([str(ROOT / "updraft"), "version"], check=True, stdout=subprocess.DEVNULL)
    results = []
    for name, folder, cases in suites(work):
        if ONLY and name not in ONLY and not (isinstance(cases, dict) and "loaders" in cases):
            continue
        if isinstance(cases, dict) and "loaders" in cases:
            results.append(run_examples_group(name, folder, cases["loaders"], work, known))
            continue
        airflow_out, updraft_out = work / f"airflow-{name}", work / f"updraft-{name}"
        updraft_out.mkdir()
        if cases is None:  # every DAG that either side loads, at one date
            run_airflow(name, folder, None, airflow_out, work)
            ids = sorted(set(json.loads((airflow_out / "loaded.json").read_text())) | loaded_by_updraft(folder, work))
            cases = [{"dag_id": dag_id, "logical_date": EXAMPLE_DATE, "conf": {}, "race_leaves": {}} for dag_id in ids]
        else:
            run_airflow(name, folder, cases, airflow_out, work)
        print(f"{name}: {len(cases['schedules']) if isinstance(cases, dict) else len(cases)} DAGs", flush=True)
        if isinstance(cases, dict):
            results.append(compare_schedules(name, folder, cases["schedules"], airflow_out, work, known))
            continue
        run_updraft(name, folder, cases, updraft_out, work)
        results.append(compare_suite(name, cases, airflow_out, updraft_out, known))
    sys.exit(print_summary(results, known))


if __name__ == "__main__":
    main()
