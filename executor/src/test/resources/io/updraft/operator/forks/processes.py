# Callables for PythonForkServerTest.
import os
import subprocess
import time


def identity():
    return {"pid": os.getpid(), "ppid": os.getppid(), "pgid": os.getpgid(0)}


def start_child_and_wait(pid_file):
    child = subprocess.Popen(["sleep", "300"])
    with open(pid_file + ".tmp", "w") as f:
        f.write(str(child.pid))
    os.rename(pid_file + ".tmp", pid_file)
    time.sleep(300)


def helper_value():
    import helper
    return helper.VALUE


def end_output_then_wait(flag_file, release_file):
    """Ends its output (the server sees end of file) long before it exits: until release_file exists."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    os.close(null)
    open(flag_file, "w").close()
    deadline = time.monotonic() + 60
    while not os.path.exists(release_file) and time.monotonic() < deadline:
        time.sleep(0.01)
    return "released"
