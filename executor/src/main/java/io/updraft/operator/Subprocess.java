package io.updraft.operator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A child process whose stdout and stderr are copied line by line into a task log as they come. Killing it ends
 * the whole process tree (a bash script's children too).
 */
final class Subprocess implements KillableProcess {

    private final Process process;
    private final Thread stdoutPump;
    private final Thread stderrPump;
    private volatile String lastStdoutLine;

    private Subprocess(Process process, TaskLog log, String source) {
        this.process = process;
        this.stdoutPump = pump(process.getInputStream(), log, source, true);
        this.stderrPump = pump(process.getErrorStream(), log, source, false);
    }

    /**
     * @param environment the child's whole environment (nothing is inherited)
     * @param workingDirectory null for the current directory
     */
    static Subprocess start(List<String> command, Map<String, String> environment, Path workingDirectory,
            TaskLog log, String source) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(ParentDeathGuard.wrap(command));
        builder.environment().clear();
        builder.environment().putAll(environment);
        if (workingDirectory != null) {
            builder.directory(workingDirectory.toFile());
        }
        return new Subprocess(builder.start(), log, source);
    }

    private Thread pump(InputStream stream, TaskLog log, String source, boolean isStdout) {
        Thread thread = new Thread(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    log.info(source, line);
                    if (isStdout) {
                        lastStdoutLine = line;
                    }
                }
            } catch (IOException e) {
                log.warn(source, "stopped reading the process output: " + e.getMessage());
            }
        }, "subprocess-" + (isStdout ? "out" : "err") + "-" + process.pid());
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** Waits for the process to end and its output to be copied; returns the exit code. */
    int waitFor() throws InterruptedException {
        int exitCode = process.waitFor();
        stdoutPump.join();
        stderrPump.join();
        return exitCode;
    }

    /** The last line printed on stdout, or null. Complete once {@link #waitFor()} returned. */
    String lastStdoutLine() {
        return lastStdoutLine;
    }

    long pid() {
        return process.pid();
    }

    /** Ends the process and every descendant. */
    @Override
    public void kill() {
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroyForcibly();
        descendants.forEach(ProcessHandle::destroyForcibly);
    }
}
