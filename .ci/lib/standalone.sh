# Shared by the scripts that test a real `updraft standalone` from Python (.ci/client-tests, .ci/schemathesis).
# Source it, then: make_venv DIR REQUIREMENT...; start_standalone DAGS_FOLDER. It sets $work (a temporary folder,
# removed at exit with the service stopped), $port, $url and exports UPDRAFT_ADMIN_PASSWORD; extra UPDRAFT_*
# variables exported before start_standalone reach the service.
# shellcheck shell=bash
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
server_pid=""

cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill "$server_pid"; wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# A venv at DIR with the requirements, created once (kept when DIR is under VENV_ROOT).
make_venv() {
  local venv="$1"; shift
  if [ ! -f "$venv/.installed" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "$@"
    touch "$venv/.installed"
  fi
}

# Starts `updraft standalone` on a free port with its own home and the given DAGs folder; waits until it is healthy.
start_standalone() {
  port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  export UPDRAFT_HOME="$work/home" UPDRAFT_PORT="$port" UPDRAFT_DAGS_FOLDER="$1"
  export UPDRAFT_ADMIN_PASSWORD="${UPDRAFT_ADMIN_PASSWORD:-ci-$RANDOM$RANDOM}"
  "$root/updraft" standalone >"$work/standalone.log" 2>&1 &
  server_pid=$!
  url="http://127.0.0.1:$port"
  for _ in $(seq 1 300); do  # the first start may build the jar
    if curl -fsS "$url/api/v2/monitor/health" >/dev/null 2>&1; then return 0; fi
    if ! kill -0 "$server_pid" 2>/dev/null; then cat "$work/standalone.log"; echo "standalone died" >&2; exit 1; fi
    sleep 1
  done
  cat "$work/standalone.log"; echo "standalone did not become healthy in 300 s" >&2; exit 1
}

# The tail of the service's log, for a failed run.
show_standalone_log() {
  echo "--- standalone log (tail) ---"; tail -n 80 "$work/standalone.log"
}
