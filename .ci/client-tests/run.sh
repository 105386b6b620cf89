#!/usr/bin/env bash
# Airflow's own Python clients against a real `updraft standalone`: apache-airflow-client 3.x on /api/v2 (Bearer
# token from /auth/token) and 2.x on /api/v1 (HTTP Basic). Each client gets its own venv (they share a package name).
# Usage: .ci/client-tests/run.sh [pytest args...]   (VENV_ROOT=... to reuse venvs between runs)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/../lib/standalone.sh"
venvs="${VENV_ROOT:-$work/venvs}"

for client in 'v3 apache-airflow-client>=3,<4' 'v2 apache-airflow-client>=2.9,<3'; do
  name="${client%% *}"
  make_venv "$venvs/$name" "${client#* }" 'pytest>=8,<9'
  "$venvs/$name/bin/python" -c 'import importlib.metadata as m; print("'"$name"': apache-airflow-client", m.version("apache-airflow-client"))'
done

start_standalone "$root/dag-specs"
export UPDRAFT_URL="$url" UPDRAFT_USER=admin UPDRAFT_PASSWORD="$UPDRAFT_ADMIN_PASSWORD"

status=0
"$venvs/v3/bin/pytest" -q -p no:cacheprovider "$here/test_client_v3.py" "$@" || status=1
"$venvs/v2/bin/pytest" -q -p no:cacheprovider "$here/test_client_v2.py" "$@" || status=1
if [ "$status" != 0 ]; then show_standalone_log; fi
exit "$status"
