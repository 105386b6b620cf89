"""The dag-factory-examples suite: dag-factory 1.1.0's own `dev/dags` (copied in dag-factory-examples/dags), file by
file, in Airflow 3.3.2 + dag-factory 1.1.0 and in Updraft.

Several files declare the same DAG ids (airflow2/ and airflow3/ hold the same examples for each Airflow; five files
declare a `consumer_dag`), which one DAGs folder cannot hold, so the YAML files are split into groups whose DAG ids
are unique; each group is a full copy of the tree (helpers, defaults.yml, data) with only its YAML files. On the
Airflow side each YAML file gets its own loader module (`load_yaml_dags(config_filepath=...)`), so a file that
fails is an import error of its own, as when a user writes one loader per file. Upstream's own loader modules and
its plain-Airflow Python DAGs are left out of the copies: they would load the same YAML twice, and Updraft reads
YAML only.

For each file the suite compares what loaded (the DAG ids, or an import error); then every DAG either side loads
runs in both (but those of EXCLUDED_RUNS) and the runs are compared as in the other suites.
"""
import json
import re
import shutil
import subprocess
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "dag-factory-examples" / "dags"
LOADER_PREFIX = "differential_loader_"

# DAGs loaded (and compared) but not run, with the reason: they need a service CI does not have, or wait for a
# DAG no example defines (the sensor pokes for its timeout, 5 minutes to 7 days, then fails on both sides)
EXCLUDED_RUNS = {
    "http_operator": "POSTs to the connection example_host: needs an HTTP server",
    "example_hackernews_dagfactory": "fetches from hacker-news.firebaseio.com: needs the internet",
    "example_pypi_stats_dagfactory": "fetches from pypistats.org: needs the internet",
    "kubernetes_pod_dag": "starts a pod: needs a Kubernetes cluster",
    "example_external_task_sensor_dag_factory_consumer":
        "waits 300 s for example_external_task_sensor_dag_factory_producer, which no example defines",
    "example_external_task_sensor_dag_factory_consumer2":
        "waits 7 days (default timeout) for example_external_task_sensor_dag_factory_producer",
    "example_external_task_sensor_dag_factory_consumer3":
        "waits 7 days (default timeout) for example_external_task_sensor_dag_factory_producer",
}


def is_upstream_python_dag(path):
    """Upstream's loader modules (load_yaml_dags) and plain-Airflow DAGs: not copied into the groups."""
    text = path.read_text()
    return "load_yaml_dags" in text or path.name.endswith("_plain_airflow.py")


def yaml_files():
    return sorted(p.relative_to(SOURCE).as_posix() for p in SOURCE.rglob("*") if p.suffix in (".yml", ".yaml"))


def declared_ids(relative):
    """The top-level keys a file declares as DAGs (none for defaults.yml or a file YAML cannot read)."""
    if Path(relative).name in ("defaults.yml", "defaults.yaml"):
        return set()
    try:
        config = yaml.safe_load((SOURCE / relative).read_text())
    except yaml.YAMLError:
        return set()
    return {k for k in config if k != "default"} if isinstance(config, dict) else set()


def partition():
    """Groups of YAML files (first fit, in path order) whose declared DAG ids do not collide."""
    groups = []
    for relative in yaml_files():
        if Path(relative).name in ("defaults.yml", "defaults.yaml"):
            continue  # every group holds them
        ids = declared_ids(relative)
        for group in groups:
            if not ids & group["ids"]:
                break
        else:
            group = {"files": [], "ids": set()}
            groups.append(group)
        group["files"].append(relative)
        group["ids"] |= ids
    return [g["files"] for g in groups]


def make_groups(work):
    """Yields (name, folder, loaders) for each group; loaders maps a loader module's name to its YAML file."""
    everything = yaml_files()
    for number, files in enumerate(partition(), 1):
        folder = work / f"dag-factory-examples-{number}"
        others = set(everything) - set(files) - {f for f in everything if Path(f).name.startswith("defaults.")}

        def ignore(directory, names, others=others):
            skip = []
            for name in names:
                path = Path(directory) / name
                relative = path.relative_to(SOURCE).as_posix()
                if relative in others or (path.suffix == ".py" and is_upstream_python_dag(path)):
                    skip.append(name)
            return skip

        shutil.copytree(SOURCE, folder, ignore=ignore)
        loaders = {}
        for index, relative in enumerate(files):
            module = f"{LOADER_PREFIX}{index:02d}.py"
            loaders[module] = relative
            (folder / module).write_text(
                "# one YAML file of dag-factory's examples, loaded as a user's loader module would; the import\n"
                "# below is here so that Airflow parses this file (its safe mode wants 'airflow' and 'dag')\n"
                "# from airflow import DAG\n"
                "from dagfactory import load_yaml_dags\n\n"
                f"load_yaml_dags(globals_dict=globals(), config_filepath={str(folder / relative)!r})\n")
        yield f"dag-factory-examples-{number}", folder, loaders


def airflow_files(folder, loaders, airflow_out):
    """{yaml file: {"dags": [...], "error": str or None}} from the Airflow side's loaded DAGs and import errors."""
    filelocs = json.loads((airflow_out / "filelocs.json").read_text())
    errors = json.loads((airflow_out / "import_errors.json").read_text())
    result = {}
    for module, relative in loaders.items():
        path = str(folder / module)
        error = next((v for k, v in errors.items() if k in (path, module)), None)
        result[relative] = {"dags": sorted(d for d, loc in filelocs.items() if loc == path), "error": error}
    return result


def updraft_files(updraft, env, folder, loaders):
    listed = subprocess.run([str(updraft), "dags", "list", "-o", "json"], env=env, capture_output=True, text=True,
                            check=True)
    errors = subprocess.run([str(updraft), "dags", "list-import-errors", "-o", "json"], env=env,
                            capture_output=True, text=True)
    rows = json.loads(listed.stdout or "[]")
    error_rows = json.loads(errors.stdout or "[]")
    result = {}
    for relative in loaders.values():
        path = (folder / relative).resolve()
        dags = sorted(r["dag_id"] for r in rows if Path(r["fileloc"]).resolve() == path)
        error = next((r["error"] for r in error_rows if Path(r["filepath"]).resolve() == path), None)
        result[relative] = {"dags": dags, "error": error}
    return result


def compare_files(name, airflow, updraft, known, result):
    """Adds a "file_load" mismatch (dag_id: the YAML file) where the two sides loaded a file differently."""
    for relative in sorted(airflow):
        theirs, ours = airflow[relative], updraft[relative]
        result.files += 1
        if bool(theirs["error"]) == bool(ours["error"]) and theirs["dags"] == ours["dags"]:
            result.agreeing_files += 1
            continue
        detail = (f"Airflow: {describe(theirs)}; Updraft: {describe(ours)}")
        result.mismatches.append((name, relative, "-", "file_load", detail,
                                  known.explains(name, relative, "-", "file_load")))


def describe(outcome):
    if outcome["error"]:
        last = [line for line in outcome["error"].strip().splitlines() if line.strip()]
        return "import error " + repr(re.sub(r"\s+", " ", last[-1] if last else "")[:200])
    return "DAGs " + ", ".join(outcome["dags"]) if outcome["dags"] else "no DAG"


def excluded(dag_id):
    return dag_id in EXCLUDED_RUNS
