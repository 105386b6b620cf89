package io.updraft.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.updraft.json.Json;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A warm Python interpreter ({@code updraft_fork_server.py}) that forks one process per task, each in its own
 * process group. Started on first use and again after it died; one per interpreter, base environment and preload
 * list in this JVM ({@link #shared}). Thread-safe.
 */
final class PythonForkServer {

    private static final Logger LOG = LoggerFactory.getLogger(PythonForkServer.class);
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final Map<Key, PythonForkServer> SHARED = new ConcurrentHashMap<>();
    private static final AtomicLong IDS = new AtomicLong();
    /** Importing heavy preload modules (pandas, torch) can take this long. */
    private static final long START_TIMEOUT_SECONDS = 120;
    /** As the server's: from SIGTERM (on_kill runs) to SIGKILL. */
    private static final long KILL_GRACE_SECONDS = 5;

    private record Key(String python, Path script, Map<String, String> environment, List<String> sysPathFront,
            List<String> sysPathEnd, List<String> preload) {
    }

    private final Key key;
    private Connection connection;  // guarded by this

    private PythonForkServer(Key key) {
        this.key = key;
    }

    /**
     * @param environment the server's environment; each task gets its own on top
     * @param sysPathFront folders put first on the server's sys.path (the DAGs folder), sysPathEnd last
     * @param preload modules the server imports once, so tasks find them already imported
     */
    static PythonForkServer shared(String python, Path script, Map<String, String> environment,
            List<String> sysPathFront, List<String> sysPathEnd, List<String> preload) {
        Key key = new Key(python, script, Map.copyOf(environment), List.copyOf(sysPathFront),
                List.copyOf(sysPathEnd), List.copyOf(preload));
        return SHARED.computeIfAbsent(key, PythonForkServer::new);
    }

    /**
     * Forks a task that runs {@code updraft_python_runner.run_files(input, output)}; its output goes to the log.
     *
     * @throws ForkServerUnavailableException when the server cannot start (no fork or pidfd on this system)
     */
    ForkedTask start(Path input, Path output, Map<String, String> environment, TaskLog log) throws IOException {
        Connection current = connection();
        String id = Long.toString(IDS.incrementAndGet());
        ForkedTask task = new ForkedTask(current, id, log);
        current.tasks.put(id, task);
        if (current.ended) {
            current.tasks.remove(id);
            throw new IOException("the Python fork server ended before the task started");
        }
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("op", "run");
        request.put("id", id);
        request.put("input", input.toString());
        request.put("output", output.toString());
        request.put("env", environment);
        try {
            current.send(request);
        } catch (IOException e) {
            current.tasks.remove(id);
            throw new IOException("the Python fork server is not reachable: " + e.getMessage(), e);
        }
        return task;
    }

    /** The pid of the running server process, starting it if needed. */
    long pid() throws IOException {
        return connection().process.pid();
    }

    private synchronized Connection connection() throws IOException {
        if (connection == null || !connection.process.isAlive() || connection.ended) {
            if (connection != null) {
                LOG.warn("The Python fork server (pid {}) ended; starting a new one", connection.process.pid());
            }
            connection = new Connection(key);
        }
        connection.awaitReady();
        return connection;
    }

    /** The server could not start here; tasks then start their own interpreter. */
    static final class ForkServerUnavailableException extends IOException {
        ForkServerUnavailableException(String message) {
            super(message);
        }
    }

    /** One server process and the tasks it runs. */
    private static final class Connection {
        final Process process;
        final OutputStream requests;
        final Map<String, ForkedTask> tasks = new ConcurrentHashMap<>();
        final CompletableFuture<Void> ready = new CompletableFuture<>();
        final Deque<String> lastErrors = new ArrayDeque<>();
        volatile boolean ended;

        Connection(Key key) throws IOException {
            List<String> command = new ArrayList<>(List.of(key.python(), "-u", key.script().toString(),
                    String.join(File.pathSeparator, key.sysPathFront()),
                    String.join(File.pathSeparator, key.sysPathEnd())));
            command.addAll(key.preload());
            ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().clear();
            builder.environment().putAll(key.environment());
            process = builder.start();
            requests = process.getOutputStream();
            daemon(this::readEvents, "python-fork-server-" + process.pid());
            daemon(this::readErrors, "python-fork-server-err-" + process.pid());
        }

        private static void daemon(Runnable body, String name) {
            Thread thread = new Thread(body, name);
            thread.setDaemon(true);
            thread.start();
        }

        void awaitReady() throws IOException {
            try {
                ready.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new ForkServerUnavailableException(e.getCause().getMessage());
            } catch (TimeoutException e) {
                process.destroyForcibly();
                throw new ForkServerUnavailableException("the Python fork server did not start within "
                        + START_TIMEOUT_SECONDS + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while the Python fork server started", e);
            }
        }

        synchronized void send(Map<String, Object> request) throws IOException {
            requests.write(JSON.writeValueAsBytes(request));
            requests.write('\n');
            requests.flush();
        }

        private void readEvents() {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    handle(JSON.readTree(line));
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("Stopped reading the Python fork server", e);
            } finally {
                ended();
            }
        }

        private void handle(JsonNode event) {
            String kind = event.path("event").asText();
            if (kind.equals("ready")) {
                ready.complete(null);
                return;
            }
            ForkedTask task = tasks.get(event.path("id").asText());
            if (task == null) {
                return;
            }
            switch (kind) {
                case "out" -> task.log.info("python", event.path("line").asText());
                case "started" -> task.pid = event.path("pid").asLong();
                case "exit" -> {
                    tasks.remove(task.id);
                    task.exit.complete(event.path("code").asInt());
                }
                default -> {
                    tasks.remove(task.id);
                    task.exit.completeExceptionally(new IOException(event.path("message").asText()));
                }
            }
        }

        private void readErrors() {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    LOG.warn("Python fork server: {}", line);
                    synchronized (lastErrors) {
                        lastErrors.addLast(line);
                        if (lastErrors.size() > 5) {
                            lastErrors.removeFirst();
                        }
                    }
                }
            } catch (IOException e) {
                LOG.debug("Stopped reading the Python fork server's errors", e);
            }
        }

        /** The server died: its tasks' processes are orphans now, so they are killed and their tries fail. */
        private void ended() {
            ended = true;
            int exitCode;
            try {
                exitCode = process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exitCode = -1;
            }
            String reason;
            synchronized (lastErrors) {
                reason = "the Python fork server ended with exit code " + exitCode
                        + (lastErrors.isEmpty() ? "" : ": " + String.join(" / ", lastErrors));
            }
            ready.completeExceptionally(new IOException(reason));
            for (ForkedTask task : tasks.values()) {
                task.killOrphan();
                task.exit.completeExceptionally(new IOException(reason));
            }
            tasks.clear();
        }
    }

    /** A task forked by the server. */
    static final class ForkedTask implements KillableProcess {
        private final Connection connection;
        private final String id;
        private final TaskLog log;
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        private volatile long pid;

        private ForkedTask(Connection connection, String id, TaskLog log) {
            this.connection = connection;
            this.id = id;
            this.log = log;
        }

        /**
         * Waits for the task's process to end and its output to be logged; returns its exit code. A kill interrupts
         * the waiting thread: the task still gets its grace to run {@code on_kill} and log it, then this returns.
         */
        int waitFor() throws IOException, InterruptedException {
            try {
                try {
                    return exit.get();
                } catch (InterruptedException e) {
                    try {
                        return exit.get(KILL_GRACE_SECONDS + 5, TimeUnit.SECONDS);
                    } catch (TimeoutException timeout) {
                        throw e;
                    } finally {
                        Thread.currentThread().interrupt();
                    }
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            }
        }

        /** SIGKILL to the task's process group, through the server that forked it. */
        @Override
        public void kill() {
            if (exit.isDone()) {
                return;
            }
            try {
                connection.send(Map.of("op", "kill", "id", id));
            } catch (IOException e) {
                killOrphan();
            }
        }

        private void killOrphan() {
            if (pid > 0) {
                ProcessHandle.of(pid).ifPresent(process -> {
                    List<ProcessHandle> descendants = process.descendants().toList();
                    process.destroyForcibly();
                    descendants.forEach(ProcessHandle::destroyForcibly);
                });
            }
        }
    }
}
