#!/usr/bin/env bash
# The differential suite: the same DAGs in Airflow 3.3.2 + dag-factory 1.1.0 and in Updraft, compared.
# Usage: .ci/differential/run.sh   (DIFFERENTIAL_VENV=... reuses a venv; DIFFERENTIAL_DAGS, DIFFERENTIAL_SEED,
# DIFFERENTIAL_SCHEDULES, DIFFERENTIAL_SUITES=generated,examples,sensors,dag-factory,dag-factory-examples,schedules)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
venv="${DIFFERENTIAL_VENV:-$HOME/.cache/updraft-differential/venv-airflow-3.3.2}"
export DO_NOT_TRACK=1 SCARF_NO_ANALYTICS=1 AIRFLOW__DAG_FACTORY__ENABLE_TELEMETRY=False
if [ ! -x "$venv/bin/airflow" ]; then
  python3 -m venv "$venv"
fi
# Airflow, dag-factory, and what dag-factory's examples import when they load (dag-factory-examples/README.md);
# pip is asked only when one is missing (its no-op still takes half a minute)
packages=('apache-airflow==3.3.2' 'dag-factory==1.1.0' 'pandas==3.1.1' 'kubernetes==37.0.3'
  'apache-airflow-providers-http==6.3.0' 'apache-airflow-providers-slack==9.11.1')
if ! "$venv/bin/python" -c '
import sys
from importlib.metadata import PackageNotFoundError, version
try:
    sys.exit(any(version(name) != wanted for name, wanted in (p.split("==") for p in sys.argv[1:])))
except PackageNotFoundError:
    sys.exit(1)' "${packages[@]}"; then
  "$venv/bin/pip" install -q --disable-pip-version-check "${packages[@]}"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$venv/bin/python" "$here/differential.py" "$work/run"
