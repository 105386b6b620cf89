"""Compares the two sides' run reports and keeps the counts of the differential suite."""
import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class SuiteResult:
    name: str
    dags: int = 0
    tasks: int = 0
    facts: int = 0
    agreeing_dags: int = 0
    files: int = 0  # the dag-factory-examples suite compares each YAML file's load too
    agreeing_files: int = 0
    mismatches: list = field(default_factory=list)  # (suite, dag_id, task_id or "-", kind, detail)


class KnownMismatches:
    """known-mismatches.tsv: suite, dag_id, task_id ("-" for the run or the DAG), kind, reason."""

    def __init__(self, entries):
        self.entries = entries
        self.seen = set()

    @classmethod
    def read(cls, path):
        entries = {}
        for number, line in enumerate(Path(path).read_text().splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 5:
                raise SystemExit(f"{path}:{number}: expected 5 tab-separated fields "
                                 f"(suite, dag_id, task_id, kind, reason), got {len(parts)}")
            entries[tuple(parts[:4])] = parts[4]
        return cls(entries)

    def explains(self, suite, dag_id, task_id, kind):
        key = (suite, dag_id, task_id, kind)
        if key in self.entries:
            self.seen.add(key)
            return True
        return False

    def stale(self, suites):
        return sorted(k for k in self.entries if k not in self.seen and k[0] in suites)


def read(path):
    return json.loads(path.read_text()) if path.exists() else {"error": "no report"}


def without_run_id(value, run_id):
    """Each side names its run after the time it started (manual__<now>), so run ids in values are masked."""
    if isinstance(value, str):
        return value.replace(run_id, "<run_id>")
    if isinstance(value, list):
        return [without_run_id(v, run_id) for v in value]
    if isinstance(value, dict):
        return {k: without_run_id(v, run_id) for k, v in value.items()}
    return value


def compare_suite(name, cases, airflow_out, updraft_out, known):
    result = SuiteResult(name)
    for case in cases:
        dag_id = case["dag_id"]
        race = case.get("race_leaves") or {}
        theirs, ours = read(airflow_out / f"{dag_id}.json"), read(updraft_out / f"{dag_id}.json")
        result.dags += 1
        found = []
        if "error" in theirs or "error" in ours:
            if not ("error" in theirs and "error" in ours):
                found.append(("-", "load", f"Airflow: {theirs.get('error', 'ran')[:300]!r}; "
                                           f"Updraft: {ours.get('error', 'ran')[:300]!r}"))
        else:
            result.facts += 1
            if theirs["state"] != ours["state"]:
                found.append(("-", "run_state", f"Airflow {theirs['state']}, Updraft {ours['state']}"))
            a_tasks = {(t["task_id"], t["map_index"]): t for t in theirs["tasks"]}
            u_tasks = {(t["task_id"], t["map_index"]): t for t in ours["tasks"]}
            for key in sorted(set(a_tasks) | set(u_tasks), key=str):
                task_id = key[0] if key[1] < 0 else f"{key[0]}[{key[1]}]"
                a, u = a_tasks.get(key), u_tasks.get(key)
                result.tasks += 1
                if a is None or u is None:
                    found.append((task_id, "task_instance", "only in " + ("Updraft" if a is None else "Airflow")))
                    continue
                result.facts += 3
                if key[0] in race and u["state"] in (a["state"], race[key[0]]) and u["state"] != a["state"]:
                    continue  # the other legal outcome of a race with a skipping upstream
                if a["state"] != u["state"]:
                    found.append((task_id, "state", f"Airflow {a['state']}, Updraft {u['state']}"))
                if a["try_number"] != u["try_number"]:
                    found.append((task_id, "try_number", f"Airflow {a['try_number']}, Updraft {u['try_number']}"))
                a_value = without_run_id(a.get("return_value"), theirs["run_id"])
                u_value = without_run_id(u.get("return_value"), ours["run_id"])
                if a["has_return_value"] != u["has_return_value"] or a_value != u_value:
                    found.append((task_id, "return_value", "Airflow " + (
                        json.dumps(a_value) if a["has_return_value"] else "none") + ", Updraft " + (
                        json.dumps(u_value) if u["has_return_value"] else "none")))
        if not found:
            result.agreeing_dags += 1
        for task_id, kind, detail in found:
            result.mismatches.append((name, dag_id, task_id, kind, detail,
                                      known.explains(name, dag_id, task_id, kind)))
    return result


def print_summary(results, known):
    """Prints every mismatch and the counts; returns the exit code (1 when a mismatch is not listed)."""
    unexplained = 0
    for result in results:
        for suite, dag_id, task_id, kind, detail, listed in result.mismatches:
            mark = "known" if listed else "UNEXPLAINED"
            print(f"  {mark:11} {suite}\t{dag_id}\t{task_id}\t{kind}\t{detail}")
            unexplained += not listed
    for suite, dag_id, task_id, kind in known.stale({r.name for r in results}):
        print(f"  now agrees (remove from known-mismatches.tsv): {suite}\t{dag_id}\t{task_id}\t{kind}")
    print()
    print(f"{'suite':22} {'files':>5} {'agree':>6} {'DAGs':>5} {'agree':>6} {'tasks':>6} {'facts':>6}  mismatches by kind")
    for r in results:
        kinds = Counter(m[3] for m in r.mismatches)
        print(f"{r.name:22} {r.files:5} {r.agreeing_files:6} {r.dags:5} {r.agreeing_dags:6} {r.tasks:6} {r.facts:6}  "
              + (", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) or "none"))
    known_count = sum(1 for r in results for m in r.mismatches if m[5])
    failing = {(m[0], m[1]) for r in results for m in r.mismatches if not m[5]}
    dags = sum(r.dags + r.files for r in results)
    print(f"{known_count} known mismatches (known-mismatches.tsv, each with its reason) are expected until fixed")
    # one line a DAG or YAML file: passed when every fact agrees or differs only as listed in known-mismatches.tsv
    print(f"differential: {dags - len(failing)} passed, {len(failing)} failed (DAGs and YAML files)")
    return 1 if unexplained else 0
