#!/usr/bin/env bash
# Schemathesis fuzzes a real `updraft standalone` through its own /api/v2/openapi.json (Airflow 3.3.2's operations and
# schemas for the routes we serve), as admin, with a bounded number of examples per operation. Fails on any server
# error (5xx) or response that does not match its schema.
# Usage: .ci/schemathesis/run.sh [schemathesis run args...]   (VENV_ROOT=... to reuse the venv; EXAMPLES=n)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
venv="${VENV_ROOT:-$work/venvs}/schemathesis"
server_pid=""

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ ! -x "$venv/bin/schemathesis" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check 'schemathesis>=4.3,<5'
fi
"$venv/bin/schemathesis" --version

# a DAGs folder of its own: a DAG with a run, so the generated requests also reach existing entities
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
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export UPDRAFT_HOME="$work/home" UPDRAFT_PORT="$port" UPDRAFT_DAGS_FOLDER="$work/dags"
export UPDRAFT_ADMIN_PASSWORD="schemathesis-$RANDOM$RANDOM"
# the fuzzer's wrong passwords must not lock the admin out
export UPDRAFT_AUTH_LOGIN_FREE_FAILURES_PER_ADDRESS=1000000 UPDRAFT_AUTH_LOGIN_FREE_FAILURES_PER_USER=1000000
"$root/updraft" standalone >"$work/standalone.log" 2>&1 &
server_pid=$!

url="http://127.0.0.1:$port"
for _ in $(seq 1 300); do  # the first start may build the jar
  if curl -fsS "$url/api/v2/monitor/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/standalone.log"; echo "standalone died" >&2; exit 1; fi
  sleep 1
done
token="$(curl -fsS -H 'Content-Type: application/json' \
  -d "{\"username\": \"admin\", \"password\": \"$UPDRAFT_ADMIN_PASSWORD\"}" "$url/auth/token" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')"
curl -fsS -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
  -d '{"logical_date": null, "dag_run_id": "fuzzed_run"}' "$url/api/v2/dags/fuzzed/dagRuns" >/dev/null

status=0
"$venv/bin/schemathesis" run "$url/api/v2/openapi.json" \
  --header "Authorization: Bearer $token" \
  --checks not_a_server_error,response_schema_conformance \
  --max-examples "${EXAMPLES:-10}" --seed 20261207 --workers 2 --no-color \
  --report junit --report-dir "${SCHEMATHESIS_REPORT_DIR:-$work/report}" \
  "$@" || status=1
if [ "$status" != 0 ]; then
  echo "--- standalone log (tail) ---"; tail -n 80 "$work/standalone.log"
fi
exit "$status"
