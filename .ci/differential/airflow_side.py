"""Airflow's side of the differential suite; runs inside the venv with apache-airflow 3.3.2 and dag-factory 1.1.0.

Usage: airflow_side.py CASES_JSON OUT_DIR [LOGICAL_DATE]   (CASES_JSON holding null: every DAG, at LOGICAL_DATE;
{"skip": [dag ids]}: every DAG but those)
The DAGs folder is AIRFLOW__CORE__DAGS_FOLDER (a loader .py calls dag-factory's load_yaml_dags on each YAML file).
For each case this does what `airflow dags test DAG_ID LOGICAL_DATE -c CONF` does (parse the folder, DAG.test())
in one process, so Airflow's start-up cost (seconds) is paid once, then writes OUT_DIR/<dag_id>.json with the same
fields as `updraft dags test --report`. Import errors are written to OUT_DIR/import_errors.json.
"""
import json
import sys
import traceback
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from airflow.dag_processing.bundles.manager import DagBundlesManager
from airflow.dag_processing import dagbag as dagbag_module
from airflow.dag_processing.dagbag import BundleDagBag, sync_bag_to_db
from airflow.models.taskinstance import TaskInstance
from airflow.models.xcom import XComModel
from airflow.utils.session import create_session


def report(dag_run):
    with create_session() as session:
        tis = session.scalars(select(TaskInstance).where(
            TaskInstance.dag_id == dag_run.dag_id, TaskInstance.run_id == dag_run.run_id)).all()
        xcoms = session.scalars(XComModel.get_many(run_id=dag_run.run_id, dag_ids=dag_run.dag_id,
                                                   key="return_value")).all()
        # the column holds the JSON the task pushed: its decoded value is what xcom_pull returns downstream
        values = {(x.task_id, x.map_index): x.value for x in xcoms}
        tasks = []
        for ti in sorted(tis, key=lambda t: (t.task_id, t.map_index)):
            task = {"task_id": ti.task_id, "map_index": ti.map_index,
                    "state": None if ti.state is None else str(getattr(ti.state, "value", ti.state)), "try_number": ti.try_number}
            if (ti.task_id, ti.map_index) in values:
                task["return_value"] = values[(ti.task_id, ti.map_index)]
            task["has_return_value"] = (ti.task_id, ti.map_index) in values
            tasks.append(task)
        return {"dag_id": dag_run.dag_id, "run_id": dag_run.run_id, "state": str(getattr(dag_run.state, "value", dag_run.state)), "tasks": tasks}


def main():
    cases = json.loads(Path(sys.argv[1]).read_text())
    default_date = sys.argv[3] if len(sys.argv) > 3 else "2024-01-02T00:00:00+00:00"
    out = Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    # as airflow.utils.cli.get_bagged_dag, which `airflow dags test` calls, but parsing the folder once
    manager = DagBundlesManager()
    manager.sync_bundles_to_db()
    bundle = manager.get_bundle("dags-folder")
    bundle.initialize()
    bag = BundleDagBag(dag_folder=bundle.path, bundle_path=bundle.path, bundle_name=bundle.name)
    sync_bag_to_db(bag, bundle.name, bundle.version)
    # DAG.test() parses and stores the whole folder again on every call, so that sibling DAGs exist in the database;
    # they are all stored above, and re-parsing 40 files per test would be most of the suite's time
    dagbag_module.BundleDagBag = lambda *args, **kwargs: bag
    dagbag_module.sync_bag_to_db = lambda *args, **kwargs: None
    (out / "import_errors.json").write_text(json.dumps(
        {str(k): str(v) for k, v in bag.import_errors.items()}, indent=1))
    (out / "loaded.json").write_text(json.dumps(sorted(bag.dags)))
    (out / "filelocs.json").write_text(json.dumps({dag_id: dag.fileloc for dag_id, dag in bag.dags.items()}))
    skip = set()
    if isinstance(cases, dict) and "skip" in cases:  # every DAG but those
        skip, cases = set(cases["skip"]), None
    if isinstance(cases, dict):  # the schedules suite: backfill dates, no runs
        sys.path.insert(0, str(Path(__file__).parent))
        from schedules import airflow_dates
        (out / "schedules.json").write_text(json.dumps(airflow_dates(bag, cases["schedules"])))
        return
    if cases is None:  # every DAG the folder holds, at one date
        cases = [{"dag_id": dag_id, "logical_date": default_date, "conf": {}} for dag_id in sorted(bag.dags)
                 if dag_id not in skip]
    for case in cases:
        dag = bag.dags.get(case["dag_id"])
        target = out / f"{case['dag_id']}.json"
        if dag is None:
            target.write_text(json.dumps({"dag_id": case["dag_id"], "error": "not loaded by Airflow"}))
            continue
        try:
            run = dag.test(logical_date=datetime.fromisoformat(case["logical_date"]), run_conf=case.get("conf") or None)
            target.write_text(json.dumps(report(run), default=str))
        except Exception:  # a crash of Airflow itself is a result to report, not a reason to stop the suite
            target.write_text(json.dumps({"dag_id": case["dag_id"], "error": traceback.format_exc()}))
        print(f"airflow: {case['dag_id']} done", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()
