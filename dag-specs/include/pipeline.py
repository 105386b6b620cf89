# Callables of the example DAGs in this folder.
from datetime import date


def transform(csv, **context):
    values = [int(v) for v in csv.split(",")]
    total = sum(values)
    print(f"transformed {len(values)} rows for {context['ds']}: total {total}")
    return {"rows": len(values), "total": total}


def report(ti, **context):
    summary = ti.xcom_pull(task_ids="transform")
    print(f"run {context['run_id']}: {summary['rows']} rows, total {summary['total']}")
    return summary["total"]


def choose_branch(ds, **context):
    weekday = date.fromisoformat(ds).weekday()
    return "weekday_path" if weekday < 5 else "weekend_path"
