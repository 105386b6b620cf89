"""Schedules in the differential suite: backfill dates and next runs of generated schedules across DST changes.

generate(folder, seed, count) writes one DAG file per schedule (crons, presets, timedeltas, trigger and data-interval
timetables and AssetOrTimeSchedule in several timezones, each starting just before a DST change of its zone) and
returns the cases. airflow_dates(cases) runs inside the Airflow venv: Airflow 3.3.2's own backfill planning
(airflow.models.backfill._get_info_list, what `airflow backfill create --dry-run` prints) and the next runs as
`airflow dags next-execution -n 3 --table` computes them (the DAG's first run from its restriction, then each next
one). updraft_dates(case) asks `./updraft backfill create --dry-run` and `./updraft dags next-execution --table`.
"""
import json
import random
import subprocess
from pathlib import Path

import yaml

# zone -> the days just before its DST changes in 2024 (spring forward, fall back)
ZONES = {
    "UTC": ["2024-03-08", "2024-10-30"],
    "America/New_York": ["2024-03-08", "2024-11-01"],
    "Europe/Amsterdam": ["2024-03-29", "2024-10-25"],
    "Australia/Sydney": ["2024-04-05", "2024-10-04"],
    "Asia/Kolkata": ["2024-06-01"],
}
PRESETS = ["@hourly", "@daily", "@weekly", "@monthly", "@yearly"]


def random_cron(rng):
    minute = rng.choice(["0", "15", "30", "45", "*/20", "5,35"])
    hour = rng.choice(["*", "0-23/1", "*/1", "0-23", "1", "2", "1-3", "*/2", "0", "23", "2,14", "1,2,3"])
    day = rng.choice(["*"] * 5 + ["1", "1-15", "*/2"])
    weekday = rng.choice(["*"] * 5 + ["0", "1-5", "6"])
    return f"{minute} {hour} {day} * {weekday}"


def random_schedule(rng, zone):
    kind = rng.choice(["cron"] * 4 + ["preset", "delta", "timetable", "timetable"])
    if kind == "cron":
        return random_cron(rng)
    if kind == "preset":
        return rng.choice(PRESETS)
    if kind == "delta":
        return {"__type__": "datetime.timedelta", rng.choice(["hours", "minutes"]): rng.choice([1, 6, 90, 25])}
    return random_timetable(rng, zone)


def random_timetable(rng, zone):
    """Airflow 3.3's timetables as dag-factory passes them: trigger timetables (module or airflow.sdk names, their own
    timezone, sometimes not the DAG's, and data interval), data-interval timetables, and either under an
    AssetOrTimeSchedule."""
    kind = rng.choice(["cron", "cron", "sdk_cron", "delta", "cron_interval", "delta_interval", "asset_or_time"])
    if kind == "asset_or_time":
        inner = rng.choice([t for t in (random_timetable(rng, zone) for _ in range(3))
                            if t["__type__"] != "airflow.sdk.AssetOrTimeSchedule"] or [random_cron_interval(rng, zone)])
        return {"__type__": rng.choice(["airflow.sdk.AssetOrTimeSchedule",
                                        "airflow.timetables.assets.AssetOrTimeSchedule"]),
                "timetable": inner, "assets": [{"__type__": "airflow.sdk.Asset", "uri": "s3://differential/x"}]}
    if kind == "cron_interval":
        return random_cron_interval(rng, zone)
    if kind == "delta_interval":
        return {"__type__": rng.choice(["airflow.timetables.interval.DeltaDataIntervalTimetable",
                                        "airflow.sdk.DeltaDataIntervalTimetable"]),
                "delta": {"__type__": "datetime.timedelta", rng.choice(["hours", "minutes"]): rng.choice([1, 6, 90, 25])}}
    interval = rng.choice([None, None, {"__type__": "datetime.timedelta", "hours": rng.choice([1, 24])}])
    if kind == "delta":
        table = {"__type__": rng.choice(["airflow.timetables.trigger.DeltaTriggerTimetable",
                                         "airflow.sdk.DeltaTriggerTimetable"]),
                 "delta": {"__type__": "datetime.timedelta", "hours": rng.choice([1, 6, 25])}}
    else:
        # airflow.sdk's CronTriggerTimetable is an attrs class whose first field is `expression`
        table = {"__type__": "airflow.sdk.CronTriggerTimetable" if kind == "sdk_cron"
                 else "airflow.timetables.trigger.CronTriggerTimetable",
                 "expression" if kind == "sdk_cron" else "cron": random_cron(rng),
                 "timezone": rng.choice([zone, zone, rng.choice(list(ZONES))])}
    if interval:
        table["interval"] = interval
    return table


def random_cron_interval(rng, zone):
    """CronDataIntervalTimetable: Airflow's own takes (cron, timezone), airflow.sdk's (expression, timezone)."""
    sdk = rng.random() < 0.5
    return {"__type__": "airflow.sdk.CronDataIntervalTimetable" if sdk
            else "airflow.timetables.interval.CronDataIntervalTimetable",
            "expression" if sdk else "cron": rng.choice([random_cron(rng)] * 3 + PRESETS),
            "timezone": rng.choice([zone, zone, rng.choice(list(ZONES))])}


def generate(folder, seed, count):
    rng = random.Random(seed)
    cases = []
    for i in range(count):
        zone = rng.choice(list(ZONES))
        day = rng.choice(ZONES[zone])
        dag_id = f"sched_{seed}_{i:03d}"
        schedule = random_schedule(rng, zone)
        dag = {"schedule": schedule, "timezone": zone, "catchup": True,
               "start_date": f"{day}T{rng.randint(0, 23):02d}:{rng.choice(['00', '30']):s}:00",
               "tasks": [{"task_id": "noop", "operator": "airflow.providers.standard.operators.empty.EmptyOperator"}]}
        (folder / f"{dag_id}.yml").write_text("# generated by .ci/differential/schedules.py\n"
                                              + yaml.safe_dump({dag_id: dag}, sort_keys=False))
        # a range in UTC around the change, wide enough for a monthly or yearly schedule to show one or none
        days = 40 if "@monthly" in json.dumps(schedule) or "@yearly" in json.dumps(schedule) else 4
        start = f"{day}T00:00:00+00:00"
        end_day = __import__("datetime").date.fromisoformat(day) + __import__("datetime").timedelta(days=days)
        cases.append({"dag_id": dag_id, "from_date": start, "to_date": f"{end_day.isoformat()}T00:00:00+00:00",
                      "schedule": schedule, "timezone": zone})
    return cases


def airflow_dates(bag, cases):
    """Runs in the Airflow venv with the folder parsed into bag (a BundleDagBag)."""
    from datetime import datetime

    from airflow.models.backfill import _get_info_list
    from airflow.serialization.serialized_objects import DagSerialization

    results = {}
    for case in cases:
        dag = bag.dags.get(case["dag_id"])
        if dag is None:
            results[case["dag_id"]] = {"error": "not loaded by Airflow: "
                                       + str(bag.import_errors)[:300]}
            continue
        serialized = DagSerialization.deserialize_dag(DagSerialization.serialize_dag(dag))
        try:
            infos = _get_info_list(from_date=datetime.fromisoformat(case["from_date"]),
                                   to_date=datetime.fromisoformat(case["to_date"]), reverse=False, dag=serialized)
            results[case["dag_id"]] = {"dates": [i.logical_date.isoformat() for i in infos],
                                       "next": airflow_next_runs(serialized)}
        except Exception as e:  # Airflow refusing a schedule is an outcome to compare
            results[case["dag_id"]] = {"error": f"{type(e).__name__}: {e}"}
    return results


def airflow_next_runs(dag, count=3):
    """As `airflow dags next-execution -n 3 --table` on a DAG without runs: the first run as the DAG model holds it
    (the DAG's own restriction), then each next one without restriction."""
    from airflow.timetables.base import TimeRestriction

    rows, info = [], dag.next_dagrun_info(last_automated_run_info=None)
    while info is not None and len(rows) < count:
        rows.append([info.logical_date.isoformat(), info.data_interval.start.isoformat(),
                     info.data_interval.end.isoformat(), info.run_after.isoformat()])
        info = dag.timetable.next_dagrun_info_v2(last_dagrun_info=info, restriction=TimeRestriction(
            earliest=None, latest=None, catchup=True))
    return rows


def updraft_dates(updraft, env, case):
    done = subprocess.run([str(updraft), "backfill", "create", "--dag-id", case["dag_id"], "--from-date",
                           case["from_date"], "--to-date", case["to_date"], "--dry-run", "-o", "json"],
                          env=env, capture_output=True, text=True)
    line = next((l for l in done.stdout.splitlines() if l.startswith("[")), None)
    if done.returncode != 0 or line is None:
        return {"error": (done.stdout + done.stderr).strip()[-300:]}
    nxt = subprocess.run([str(updraft), "dags", "next-execution", case["dag_id"], "-n", "3", "--table", "-o", "json"],
                         env=env, capture_output=True, text=True)
    rows = next((l for l in nxt.stdout.splitlines() if l.startswith("[")), None)
    if nxt.returncode != 0 or rows is None:
        return {"error": "next-execution: " + (nxt.stdout + nxt.stderr).strip()[-300:]}
    return {"dates": [row["logical_date"] for row in json.loads(line)],
            "next": [[row["logical_date"], row["data_interval.start"], row["data_interval.end"], row["run_after"]]
                     for row in json.loads(rows)]}


def compare(cases, airflow, updraft, known, result):
    """Adds each schedule's facts (one per backfill date, either side) and mismatches to result."""
    for case in cases:
        theirs, ours = airflow[case["dag_id"]], updraft[case["dag_id"]]
        result.dags += 1
        detail = f"schedule {json.dumps(case['schedule'])} in {case['timezone']}"
        found = []
        if "error" in theirs or "error" in ours:
            result.facts += 1
            if ("error" in theirs) != ("error" in ours):
                found.append(("load", f"{detail}: Airflow {theirs.get('error', 'loads')!r}, "
                                      f"Updraft {ours.get('error', 'loads')!r}"))
        else:
            a, u = set(theirs["dates"]), set(ours["dates"])
            result.facts += len(a | u)
            result.tasks += len(a | u)
            if a != u:
                found.append(("backfill_dates", f"{detail}: {len(a - u)} only in Airflow {sorted(a - u)[:4]}, "
                                                f"{len(u - a)} only in Updraft {sorted(u - a)[:4]}"))
            # each next run: logical date, data interval start and end, run_after
            result.facts += max(len(theirs["next"]), len(ours["next"]))
            if theirs["next"] != ours["next"]:
                found.append(("next_runs", f"{detail}: Airflow {theirs['next']}, Updraft {ours['next']}"))
        if not found:
            result.agreeing_dags += 1
        for kind, text in found:
            result.mismatches.append((result.name, case["dag_id"], "-", kind, text,
                                      known.explains(result.name, case["dag_id"], "-", kind)))
