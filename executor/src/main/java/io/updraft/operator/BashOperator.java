package io.updraft.operator;

import io.updraft.api.Operator;
import io.updraft.api.SkipTaskException;
import io.updraft.api.TaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs {@code bash -c <bash_command>}; its output streams into the task log and its last stdout line is the
 * return value (Airflow's BashOperator).
 */
final class BashOperator implements Operator {

    private static final String SOURCE = "subprocess.py";

    private final String command;
    private final Map<String, Object> env;
    private final boolean appendEnv;
    private final String cwd;
    private final List<Integer> skipExitCodes;
    private final ProcessGuard guard = new ProcessGuard();

    BashOperator(String command, Map<String, Object> env, boolean appendEnv, String cwd, List<Integer> skipExitCodes) {
        this.command = command;
        this.env = env;
        this.appendEnv = appendEnv;
        this.cwd = cwd;
        this.skipExitCodes = skipExitCodes;
    }

    /** {@code skip_on_exit_code}: an int or a list of ints; 99 when absent, none when null. */
    static List<Integer> skipExitCodes(Map<String, Object> arguments) {
        if (!arguments.containsKey("skip_on_exit_code")) {
            return List.of(99);
        }
        Object value = arguments.get("skip_on_exit_code");
        List<Integer> codes = new ArrayList<>();
        for (Object code : value == null ? List.of() : value instanceof List<?> list ? list : List.of(value)) {
            if (!(code instanceof Integer number)) {
                throw new IllegalArgumentException("skip_on_exit_code must be an int or a list of ints, got "
                        + Arguments.describe(value));
            }
            codes.add(number);
        }
        return codes;
    }

    @Override
    public Object execute(TaskContext context) throws Exception {
        RunningTask task = RunningTask.of(context);
        TaskLog log = task.taskLog();
        Path workingDirectory = workingDirectory();
        List<String> bash = List.of("bash", "-c", command);
        log.info(SOURCE, "Running command: " + bash);
        Subprocess process = guard.start(
                () -> Subprocess.start(bash, environment(task), workingDirectory, log, SOURCE));
        log.info(SOURCE, "Output:");
        int exitCode = process.waitFor();
        log.info(SOURCE, "Command exited with return code " + exitCode);
        if (skipExitCodes.contains(exitCode)) {
            throw new SkipTaskException("Bash command returned exit code " + exitCode + ". Skipping.");
        }
        if (exitCode != 0) {
            throw new IllegalStateException(
                    "Bash command failed. The command returned a non-zero exit code " + exitCode + ".");
        }
        String last = process.lastStdoutLine();
        return last == null ? "" : last.stripTrailing(); // Airflow pushes "" for a command that prints nothing
    }

    private Path workingDirectory() {
        if (cwd == null) {
            return null;
        }
        Path path = Path.of(cwd);
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("Can not find the cwd: " + cwd);
        }
        if (!Files.isDirectory(path)) {
            throw new IllegalArgumentException("The cwd " + cwd + " must be a directory");
        }
        return path;
    }

    /** Airflow: the given env replaces the process environment unless append_env; AIRFLOW_CTX_* always added. */
    private Map<String, String> environment(RunningTask task) {
        Map<String, String> result = new LinkedHashMap<>();
        if (env == null || appendEnv) {
            result.putAll(task.environment());
        }
        if (env != null) {
            env.forEach((key, value) -> result.put(key, String.valueOf(value)));
        }
        result.putAll(AirflowContextVariables.of(task));
        return result;
    }

    @Override
    public void onKill() {
        guard.kill();
    }
}
