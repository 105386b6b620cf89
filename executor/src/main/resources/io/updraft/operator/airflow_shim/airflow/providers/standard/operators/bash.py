"""BashOperator, for task code that subclasses or calls it."""
import os
import subprocess

from airflow.exceptions import AirflowException, AirflowSkipException
from airflow.sdk.bases.operator import BaseOperator


class BashOperator(BaseOperator):
    template_fields = ("bash_command", "env", "cwd")
    template_ext = (".sh", ".bash")
    ui_color = "#f0ede4"

    def __init__(self, *, bash_command, env=None, append_env=False, output_encoding="utf-8",
                 skip_on_exit_code=99, cwd=None, **kwargs):
        super().__init__(**kwargs)
        self.bash_command = bash_command
        self.env = env
        self.append_env = append_env
        self.output_encoding = output_encoding
        self.skip_on_exit_code = [skip_on_exit_code] if isinstance(skip_on_exit_code, int) \
            else list(skip_on_exit_code or [])
        self.cwd = cwd

    def execute(self, context):
        env = dict(os.environ) if self.env is None or self.append_env else {}
        env.update(self.env or {})
        process = subprocess.Popen(["bash", "-c", self.bash_command], stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, env=env, cwd=self.cwd)
        last = ""
        for raw in process.stdout:
            last = raw.decode(self.output_encoding, "backslashreplace").rstrip("\n")
            print(last, flush=True)
        code = process.wait()
        if code in self.skip_on_exit_code:
            raise AirflowSkipException(f"Bash command returned exit code {code}. Skipping.")
        if code != 0:
            raise AirflowException(f"Bash command failed. The command returned a non-zero exit code {code}.")
        return last
