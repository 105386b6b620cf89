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
