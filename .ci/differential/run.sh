#!/usr/bin/env bash
# The differential suite: the same DAGs in Airflow 3.3.2 + dag-factory 1.1.0 and in Updraft, compared.
# Usage: .ci/differential/run.sh   (DIFFERENTIAL_VENV=... reuses a venv; DIFFERENTIAL_DAGS, DIFFERENTIAL_SEED,
# DIFFERENTIAL_SCHEDULES, DIFFERENTIAL_SUITES=generated,examples,sensors,dag-factory,schedules)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${DIFFERENTIAL_VENV:-$HOME/.cache/updraft-differential/venv-airflow-3.3.2}"
export DO_NOT_TRACK=1 SCARF_NO_ANALYTICS=1 AIRFLOW__DAG_FACTORY__ENABLE_TELEMETRY=False
if [ ! -x "$venv/bin/airflow" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check 'apache-airflow==3.3.2' 'dag-factory==1.1.0'
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$venv/bin/python" "$here/differential.py" "$work/run"
