#!/usr/bin/env bash
# Schemathesis fuzzes a real `updraft standalone` through its own /api/v2/openapi.json (Airflow 3.3.2's operations and
# schemas for the routes we serve), as admin, with a bounded number of examples per operation. Fails on any server
# error (5xx) or response that does not match its schema.
# Usage: .ci/schemathesis/run.sh [schemathesis run args...]   (VENV_ROOT=... to reuse the venv; EXAMPLES=n)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../lib/standalone.sh"
venv="${VENV_ROOT:-$work/venvs}/schemathesis"
make_venv "$venv" 'schemathesis>=4.3,<5'
"$venv/bin/schemathesis" --version

# a DAGs folder of its own: a DAG with a finished run, so the generated requests also reach existing entities
mkdir -p "$work/dags"
cat >"$work/dags/fuzzed.yml" <<'YAML'
fuzzed:
  schedule: None
  is_paused_upon_creation: false
  default_args: {start_date: 2024-01-01, retries: 0}
  tasks:
    - task_id: hello
      operator: airflow.providers.standard.operators.bash.BashOperator
      bash_command: "echo hello"
YAML
# the fuzzer's wrong passwords must not lock the admin out
export UPDRAFT_AUTH_LOGIN_FREE_FAILURES_PER_ADDRESS=1000000 UPDRAFT_AUTH_LOGIN_FREE_FAILURES_PER_USER=1000000
start_standalone "$work/dags"

token="$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"username\": \"admin\", \"password\": \"$UPDRAFT_ADMIN_PASSWORD\"}" "$url/auth/token" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')"
api() { # method, path, JSON body
  curl -fsS -X "$1" -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -d "$3" "$url/api/v2$2" \
    >/dev/null
}
api POST /dags/fuzzed/dagRuns '{"logical_date": null, "dag_run_id": "fuzzed_run"}'
api POST /variables '{"key": "fuzzed_var", "value": "v"}'
api POST /connections '{"connection_id": "fuzzed_conn", "conn_type": "http", "host": "example.com"}'
api POST /pools '{"name": "fuzzed_pool", "slots": 2}'
for _ in $(seq 1 120); do  # the run's log and its finished task instance are what some operations read
  if curl -fsS -H "Authorization: Bearer $token" "$url/api/v2/dags/fuzzed/dagRuns/fuzzed_run" \
      | grep -q '"state":"success"'; then break; fi
  sleep 1
done

cd "$work" # schemathesis keeps its cache of replayed cases in the current folder
status=0
# One worker: with two, CPython 3.11's ast.parse (which Hypothesis calls to describe its filters) races between
# threads and raises "SystemError: AST constructor recursion depth mismatch" inside schemathesis (cpython gh-106905).
"$venv/bin/schemathesis" --config-file "$here/schemathesis.toml" run "$url/api/v2/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,response_schema_conformance \
  --max-examples "${EXAMPLES:-10}" --seed 20261207 --workers 1 --no-color \
  --report junit --report-dir "${SCHEMATHESIS_REPORT_DIR:-$work/report}" \
  "$@" || status=1
if [ "$status" != 0 ]; then show_standalone_log; fi
exit "$status"
