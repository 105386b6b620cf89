"""Updraft's Python fork server: one warm interpreter that forks a process per task.

Usage: python3 -u updraft_fork_server.py SYS_PATH_FRONT SYS_PATH_END [PRELOAD_MODULE ...]
(the folders put first and last on sys.path, each os.pathsep-separated: the DAGs and plugins folders)

It imports the task runner (and the preload modules) once; each task is then a fork of this process, in its own
process group, so it starts in milliseconds yet keeps its own memory, can be killed with its children, and
imports the DAG's Python files afresh (they are never imported here; a preloaded module whose file changed is
dropped in the fork, so the task imports it again).

Requests, one JSON object per line on stdin:
  {"op": "run", "id": ID, "input": PATH, "output": PATH, "env": {...}}   a task, as updraft_python_runner.py runs it
  {"op": "kill", "id": ID}         SIGTERM to the task's process group (on_kill runs), SIGKILL 5 s later
Events, one JSON object per line on stdout:
  {"event": "ready", "pid": PID}, {"event": "started", "id", "pid"}, {"event": "out", "id", "line"},
  {"event": "exit", "id", "code"} (after all of the task's output; a negative code is the signal that ended it),
  {"event": "error", "id", "message"} (the fork failed).
Stdin closing (the JVM ended) kills every running task and ends the server.
"""
import atexit
import importlib
import importlib.util
import json
import os
import selectors
import signal
import sys
import time

import updraft_python_runner as runner

_selector = selectors.DefaultSelector()
_tasks = {}  # id -> Task
_preloaded = {}  # module name -> (file, mtime) of preloaded modules outside the interpreter's own folders
_kill_deadlines = {}  # process group -> when it gets SIGKILL
KILL_GRACE_SECONDS = 5  # between SIGTERM (on_kill runs) and SIGKILL


class Task:
    def __init__(self, task_id, pid, out_fd, pid_fd):
        self.id = task_id
        self.pid = pid
        self.out_fd = out_fd
        self.pid_fd = pid_fd
        self.pending = b""
        self.code = None
        self.output_done = False


def emit(message):
    data = (json.dumps(message) + "\n").encode("utf-8")
    while data:
        data = data[os.write(1, data):]


def preload(names):
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as e:  # a broken preload must not stop tasks from running
            print(f"updraft fork server: cannot preload {name}: {e!r}", file=sys.stderr, flush=True)
    prefixes = tuple(os.path.realpath(p) for p in {sys.prefix, sys.base_prefix, sys.exec_prefix})
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if path and not os.path.realpath(path).startswith(prefixes):
            try:
                _preloaded[name] = (path, os.stat(path).st_mtime_ns)
            except OSError:
                pass


def drop_changed_modules():
    """In a fork: forget preloaded modules whose file changed since the server imported them."""
    for name, (path, mtime) in _preloaded.items():
        try:
            changed = os.stat(path).st_mtime_ns != mtime
        except OSError:
            changed = True
        if changed:
            sys.modules.pop(name, None)


def start(request):
    task_id = request["id"]
    read_fd, write_fd = os.pipe()
    try:
        pid = os.fork()
    except OSError as e:
        os.close(read_fd)
        os.close(write_fd)
        emit({"event": "error", "id": task_id, "message": f"fork failed: {e}"})
        return
    if pid == 0:
        run_child(request, read_fd, write_fd)
    os.close(write_fd)
    try:
        os.setpgid(pid, pid)  # also here, so a kill right after the fork reaches the group
    except OSError:
        pass
    task = Task(task_id, pid, read_fd, os.pidfd_open(pid))
    _tasks[task_id] = task
    _selector.register(task.out_fd, selectors.EVENT_READ, ("out", task))
    _selector.register(task.pid_fd, selectors.EVENT_READ, ("exit", task))
    emit({"event": "started", "id": task_id, "pid": pid})


def run_child(request, read_fd, write_fd):
    code = 1
    try:
        runner.handle_sigterm()
        os.setpgid(0, 0)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        os.close(read_fd)
        for task in _tasks.values():  # the other tasks' descriptors the server still holds (None: closed)
            for fd in (task.out_fd, task.pid_fd):
                if fd is not None:
                    os.close(fd)
        _selector.close()
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.close(null)
        os.dup2(write_fd, 1)
        os.dup2(write_fd, 2)
        os.close(write_fd)
        sys.stdin = open(0, "r", closefd=False)
        sys.stdout = open(1, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False)
        sys.stderr = open(2, "w", encoding="utf-8", errors="backslashreplace", buffering=1, closefd=False)
        os.environ.clear()
        os.environ.update(request.get("env") or {})
        for path in reversed([p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]):
            if path not in sys.path:
                sys.path.insert(0, path)
        drop_changed_modules()
        sys.argv = [runner.__file__]
        runner.run_files(request["input"], request["output"])
        code = 0
    except SystemExit as e:
        code = e.code if isinstance(e.code, int) else 1
    except BaseException:
        import traceback
        traceback.print_exc()
    finally:
        try:
            atexit._run_exitfuncs()  # as a normal interpreter exit would
            sys.stdout.flush()
            sys.stderr.flush()
        finally:
            os._exit(code)


def kill(request):
    """SIGTERM to the task's process group (the runner calls the operator's on_kill), SIGKILL after the grace."""
    task = _tasks.get(request["id"])
    if task is None or task.code is not None:
        return
    signal_group(task.pid, signal.SIGTERM)
    _kill_deadlines[task.pid] = time.monotonic() + KILL_GRACE_SECONDS


def signal_group(pid, signum):
    try:
        os.killpg(pid, signum)
    except OSError:
        try:
            os.kill(pid, signum)
        except OSError:
            pass


def kill_overdue():
    """SIGKILL to the groups whose grace ended: whatever of them still runs, even after the task's own exit."""
    now = time.monotonic()
    for pid, deadline in list(_kill_deadlines.items()):
        if deadline <= now:
            del _kill_deadlines[pid]
            signal_group(pid, signal.SIGKILL)


def select_timeout():
    if not _kill_deadlines:
        return None
    return max(0.0, min(_kill_deadlines.values()) - time.monotonic())


def read_output(task):
    data = os.read(task.out_fd, 65536)
    if data:
        task.pending += data
        *lines, task.pending = task.pending.split(b"\n")
        for line in lines:
            emit({"event": "out", "id": task.id, "line": line.decode("utf-8", "backslashreplace")})
        return
    if task.pending:
        emit({"event": "out", "id": task.id, "line": task.pending.decode("utf-8", "backslashreplace")})
    _selector.unregister(task.out_fd)
    os.close(task.out_fd)
    task.out_fd = None  # its number may be reused by the next task's pipe, which a fork must not close
    task.output_done = True
    finish_if_done(task)


def reap(task):
    _, status = os.waitpid(task.pid, 0)
    task.code = os.waitstatus_to_exitcode(status)
    _selector.unregister(task.pid_fd)
    os.close(task.pid_fd)
    task.pid_fd = None
    finish_if_done(task)


def finish_if_done(task):
    if task.output_done and task.code is not None:
        del _tasks[task.id]
        emit({"event": "exit", "id": task.id, "code": task.code})


def serve():
    pending = b""
    _selector.register(0, selectors.EVENT_READ, ("stdin", None))
    emit({"event": "ready", "pid": os.getpid()})
    while True:
        events = _selector.select(select_timeout())
        kill_overdue()
        for key, _ in events:
            kind, task = key.data
            if kind == "out":
                read_output(task)
            elif kind == "exit":
                reap(task)
            else:
                data = os.read(0, 65536)
                if not data:
                    for running in list(_tasks.values()):
                        signal_group(running.pid, signal.SIGKILL)
                    return
                pending += data
                *lines, pending = pending.split(b"\n")
                for line in lines:
                    if line.strip():
                        request = json.loads(line)
                        (start if request["op"] == "run" else kill)(request)


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the JVM decides when tasks end
    runner.extend_sys_path(sys.argv[1].split(os.pathsep), sys.argv[2].split(os.pathsep))
    modules = sys.argv[3:]
    if importlib.util.find_spec("airflow") is None:  # the stand-in, as the runner would add it for each task
        sys.path.append(os.path.join(os.path.dirname(os.path.abspath(__file__)), "airflow_shim"))
        modules = ["airflow.sdk", "airflow.exceptions"] + modules
    preload(modules)
    serve()
