#!/usr/bin/env bash
# Airflow's own Python clients against a real `updraft standalone`: apache-airflow-client 3.x on /api/v2 (Bearer
# token from /auth/token) and 2.x on /api/v1 (HTTP Basic). Each client gets its own venv (they share a package name).
# Usage: .ci/client-tests/run.sh [pytest args...]   (VENV_ROOT=... to reuse venvs between runs)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="$(mktemp -d)"
venvs="${VENV_ROOT:-$work/venvs}"
server_pid=""

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

make_venv() { # name, client requirement
  local venv="$venvs/$1"
  if [ ! -x "$venv/bin/pytest" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "$2" 'pytest>=8,<9'
  fi
  "$venv/bin/python" -c 'import importlib.metadata as m; print("'"$1"': apache-airflow-client", m.version("apache-airflow-client"))'
}
make_venv v3 'apache-airflow-client>=3,<4'
make_venv v2 'apache-airflow-client>=2.9,<3'

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
export UPDRAFT_HOME="$work/home" UPDRAFT_PORT="$port" UPDRAFT_DAGS_FOLDER="$root/dag-specs"
export UPDRAFT_ADMIN_PASSWORD="client-tests-$RANDOM$RANDOM"
"$root/updraft" standalone >"$work/standalone.log" 2>&1 &
server_pid=$!

export UPDRAFT_URL="http://127.0.0.1:$port" UPDRAFT_USER=admin UPDRAFT_PASSWORD="$UPDRAFT_ADMIN_PASSWORD"
for _ in $(seq 1 300); do  # the first start may build the jar
  if curl -fsS "$UPDRAFT_URL/api/v2/monitor/health" >/dev/null 2>&1; then break; fi
  if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/standalone.log"; echo "standalone died" >&2; exit 1; fi
  sleep 1
done
curl -fsS "$UPDRAFT_URL/api/v2/monitor/health" >/dev/null || { cat "$work/standalone.log"; exit 1; }

status=0
"$venvs/v3/bin/pytest" -q -p no:cacheprovider "$here/test_client_v3.py" "$@" || status=1
"$venvs/v2/bin/pytest" -q -p no:cacheprovider "$here/test_client_v2.py" "$@" || status=1
if [ "$status" != 0 ]; then
  echo "--- standalone log (tail) ---"; tail -n 80 "$work/standalone.log"
fi
exit "$status"
