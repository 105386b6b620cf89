"""What both client suites share: where the server is, and the DAG they drive."""
import os
import time

URL = os.environ["UPDRAFT_URL"]
USER = os.environ["UPDRAFT_USER"]
PASSWORD = os.environ["UPDRAFT_PASSWORD"]

# from dag-specs/: Bash and Python tasks, params overridden by conf, XCom between tasks
DAG_ID = "example_pipeline"
CONF = {"rows": 2}
FINISHED = {"success", "failed"}


def wait_for(read_state, timeout=180):
    """Polls read_state() until the run finishes; returns the final state."""
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = read_state()
        if state in FINISHED:
            return state
        time.sleep(1)
    raise AssertionError(f"run not finished after {timeout}s, last state {state}")
