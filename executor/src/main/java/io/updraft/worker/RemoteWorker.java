package io.updraft.worker;

import io.updraft.dag.CallbackKind;
import io.updraft.dag.Dag;
import io.updraft.dag.DagBag;
import io.updraft.dag.factory.DagFolderLoader;
import io.updraft.dag.Task;
import io.updraft.dispatch.Workload;
import io.updraft.json.Json;
import io.updraft.operator.OperatorRegistry;
import io.updraft.operator.OperatorTaskRunner;
import io.updraft.operator.PythonSettings;
import io.updraft.run.KillSwitch;
import io.updraft.run.LogPaths;
import io.updraft.run.TaskAttempt;
import io.updraft.run.TaskOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A remote worker: long-polls a node for tries of its queues, runs up to {@code concurrency} at once with the
 * operators and DAGs it has itself, streams each try's log back while it runs, heartbeats (a node fails the tries
 * of a silent worker as zombies), kills what the node withdraws, and reports how each try ended.
 */
public final class RemoteWorker {

    private static final Logger LOG = LoggerFactory.getLogger(RemoteWorker.class);
    private static final Duration POLL = Duration.ofSeconds(20);
    private static final Duration LOG_SHIPPING = Duration.ofMillis(200);
    /** Each heartbeat also fetches what to kill: a try marked or cleared in the UI stops within it. */
    static final Duration HEARTBEAT = Duration.ofSeconds(1);

    /** How the worker is set up. */
    public record Settings(String name, String hostname, List<String> queues, int concurrency, Path dagsFolder,
                           Path home, Map<String, String> environment) {
    }

    /** A try under way here: its token (renewed by heartbeats) and what ships its log. */
    private static final class Running {
        final TaskAttempt attempt;
        volatile String token;
        final LogShipper log;

        Running(TaskAttempt attempt, String token, LogShipper log) {
            this.attempt = attempt;
            this.token = token;
            this.log = log;
        }
    }

    private final ExecutionClient client;
    private final Settings settings;
    private final OperatorRegistry operators;
    private final OperatorTaskRunner runner;
    /** The consumed asset events of the runs of running tries, as their workloads brought them (by run object). */
    private final Map<io.updraft.run.DagRun, Map<String, Object>> assetEvents =
            java.util.Collections.synchronizedMap(new java.util.IdentityHashMap<>());
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Semaphore slots;
    private final ExecutorService tries;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "updraft-worker-timer");
        thread.setDaemon(true);
        return thread;
    });
    private volatile DagBag dags;
    private final AtomicInteger tried = new AtomicInteger();
    private volatile long lastHeartbeatNanos = System.nanoTime();
    private WorkerMetrics metrics;

    RemoteWorker(ExecutionClient client, Settings settings) {
        this.client = client;
        this.settings = settings;
        PythonSettings python = PythonSettings.from(settings.environment(), settings.home(), settings.dagsFolder());
        this.operators = new OperatorRegistry().withUserPython(python);
        ApiReads reads = new ApiReads(client);
        this.runner = new OperatorTaskRunner(operators, reads, reads, reads.connections(), settings.home(), python,
                settings.environment());
        runner.triggeringAssetEvents(run -> assetEvents.getOrDefault(run, Map.of()));
        this.slots = new Semaphore(settings.concurrency());
        AtomicInteger threads = new AtomicInteger();
        this.tries = Executors.newFixedThreadPool(settings.concurrency(), runnable -> {
            Thread thread = new Thread(runnable, "updraft-try-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.dags = DagFolderLoader.load(settings.dagsFolder(), operators);
    }

    /**
     * @param user the worker account (role worker), or null when the nodes run without authentication
     * @param name null for the host name and process id
     */
    public static RemoteWorker create(List<java.net.URI> apiUrls, String user, String password, String name,
            List<String> queues, int concurrency, Path dagsFolder, Path home, Map<String, String> environment)
            throws IOException {
        String hostname = java.net.InetAddress.getLocalHost().getHostName();
        String workerName = name == null || name.isBlank() ? hostname + "-" + ProcessHandle.current().pid() : name;
        return new RemoteWorker(new ExecutionClient(apiUrls, user, password), new Settings(workerName, hostname,
                queues, concurrency, dagsFolder, home, environment));
    }

    public String name() {
        return settings.name();
    }

    /** Tries this worker took since it started. */
    int tried() {
        return tried.get();
    }

    int runningCount() {
        return running.size();
    }

    int freeSlots() {
        return slots.availablePermits();
    }

    /** Seconds since a node last answered a heartbeat (since the start before the first). */
    double heartbeatAgeSeconds() {
        return (System.nanoTime() - lastHeartbeatNanos) / 1e9;
    }

    /** Serves {@code GET /metrics} on this port (0: any free one) while the worker runs; returns the port. */
    public int serveMetrics(int port) throws IOException {
        metrics = WorkerMetrics.serve(this, port);
        return metrics.port();
    }

    /** Works until {@code stop} opens; then takes no more tries and waits for the running ones to end. */
    public void run(CountDownLatch stop) throws InterruptedException {
        timers.scheduleWithFixedDelay(this::heartbeat, 0, HEARTBEAT.toMillis(), TimeUnit.MILLISECONDS);
        while (stop.getCount() > 0) {
            if (!slots.tryAcquire(500, TimeUnit.MILLISECONDS)) {
                continue;
            }
            int free = 1 + slots.drainPermits();
            int started = 0;
            try {
                ExecutionClient.Answer answer = client.postJson("/execution/workers/"
                        + ExecutionClient.encode(settings.name()) + "/fetch", null, Map.of("hostname",
                        settings.hostname(), "queues", settings.queues(), "slots", free, "wait_seconds",
                        POLL.toSeconds()), POLL.plusSeconds(15));
                if (answer.status() == 200 && answer.json().get("tries") instanceof List<?> claims) {
                    for (Object claim : claims) {
                        started++;
                        @SuppressWarnings("unchecked")
                        Map<String, Object> one = (Map<String, Object>) claim;
                        start(one);
                    }
                } else if (answer.status() != 204) {
                    LOG.warn("Fetching tries from {} answered HTTP {}: {}", client.apiUrl(), answer.status(),
                            answer.body());
                    stop.await(2, TimeUnit.SECONDS);
                }
            } catch (IOException e) {
                LOG.warn("Cannot reach {}: {}; trying again", client.apiUrl(), e.toString());
                stop.await(1, TimeUnit.SECONDS);
            } finally {
                slots.release(free - Math.min(started, free));
            }
        }
        tries.shutdown();
        while (!tries.awaitTermination(1, TimeUnit.SECONDS)) {
            LOG.info("Waiting for {} running tries to end", running.size());
        }
        timers.shutdownNow();
        if (metrics != null) {
            metrics.close();
        }
    }

    private void start(Map<String, Object> answer) {
        String tryId = String.valueOf(answer.get("try_id"));
        String token = String.valueOf(answer.get("token"));
        Workload workload = Json.MAPPER.convertValue(answer.get("workload"), Workload.class);
        tried.incrementAndGet();
        Path logFile = LogPaths.attemptLog(settings.home().resolve("logs"), workload.taskInstance().key(),
                workload.taskInstance().tryNumber());
        KillSwitch killSwitch = new KillSwitch();
        TaskAttempt attempt;
        try {
            Dag dag = dag(workload);
            Task task = dag.task(workload.taskInstance().taskId());
            if (task == null) {
                throw new IllegalStateException("DAG '" + dag.dagId() + "' in this worker's DAGs folder has no task '"
                        + workload.taskInstance().taskId() + "'");
            }
            attempt = new TaskAttempt(dag, task, workload.run(), workload.taskInstance(), workload.mappedArguments(),
                    logFile, killSwitch, workload.resumed());
        } catch (RuntimeException e) {
            report(tryId, token, null, TaskOutcome.failed("worker " + settings.name() + " cannot run the try: "
                    + e.getMessage()));
            slots.release(); // the fetch loop counted this try as started
            return;
        }
        if (!workload.triggeringAssetEvents().isEmpty()) {
            assetEvents.put(attempt.run(), workload.triggeringAssetEvents());
        }
        Running here = new Running(attempt, token, new LogShipper(client, tryId, logFile));
        running.put(tryId, here);
        if (attempt.task().executionTimeout() != null) {
            timers.schedule(() -> killSwitch.kill("Timeout: the task exceeded its execution_timeout of "
                    + attempt.task().executionTimeout()), attempt.task().executionTimeout().toNanos(),
                    TimeUnit.NANOSECONDS);
        }
        tries.execute(() -> {
            ScheduledFuture<?> shipping = timers.scheduleWithFixedDelay(() -> here.log.ship(here.token),
                    LOG_SHIPPING.toMillis(), LOG_SHIPPING.toMillis(), TimeUnit.MILLISECONDS);
            TaskOutcome outcome;
            try {
                Files.createDirectories(logFile.getParent());
                if (!attempt.task().callbacks(CallbackKind.ON_EXECUTE).isEmpty()) {
                    runner.runTaskCallbacks(attempt, CallbackKind.ON_EXECUTE, null);
                }
                outcome = runner.run(attempt);
            } catch (Throwable e) {
                outcome = TaskOutcome.failed("The task runner failed: " + e);
            } finally {
                shipping.cancel(false);
                assetEvents.remove(attempt.run());
            }
            report(tryId, here.token, here, outcome);
            running.remove(tryId);
            slots.release();
        });
    }

    /** The DAG of the workload; the folder is read again when this worker does not know the DAG or its version. */
    private Dag dag(Workload workload) {
        String dagId = workload.run().dagId();
        Dag dag = find(dagId);
        if (dag == null || !dag.versionHash().equals(workload.run().dagVersion())) {
            synchronized (this) {
                dags = DagFolderLoader.load(settings.dagsFolder(), operators);
            }
            dag = find(dagId);
        }
        if (dag == null) {
            throw new IllegalStateException("DAG '" + dagId + "' is not in this worker's DAGs folder "
                    + settings.dagsFolder());
        }
        if (!dag.versionHash().equals(workload.run().dagVersion())) {
            LOG.warn("DAG {} here is version {}, the run started with {}: deploy the same DAGs folder to workers",
                    dagId, dag.versionHash(), workload.run().dagVersion());
        }
        return dag;
    }

    private Dag find(String dagId) {
        return dags.dags().stream().filter(d -> d.dagId().equals(dagId)).findFirst().orElse(null);
    }

    private void report(String tryId, String token, Running here, TaskOutcome outcome) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("worker", settings.name());
        body.put("outcome", outcome);
        body.put("ended_at", Instant.now().toString());
        if (here != null) {
            try {
                body.put("log", here.log.rest(here.token));
            } catch (IOException e) {
                LOG.warn("Cannot read the log of try {}: {}", tryId, e.toString());
            }
        }
        for (int attempt = 0; attempt < 30; attempt++) {
            try {
                ExecutionClient.Answer answer = client.postJson("/execution/tries/" + tryId + "/finish",
                        here == null ? token : here.token, body, Duration.ofSeconds(30));
                if (answer.status() / 100 == 2 || answer.status() == 409 || answer.status() == 403) {
                    if (answer.status() != 204) {
                        LOG.info("Result of try {} not taken: {}", tryId, answer.body());
                    }
                    return;
                }
                LOG.warn("Reporting try {} answered HTTP {}: {}", tryId, answer.status(), answer.body());
            } catch (IOException e) {
                LOG.warn("Cannot report try {} to {}: {}; trying again", tryId, client.apiUrl(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Tells the node this worker is alive and what it runs; kills what the node withdrew; renews try tokens. */
    private void heartbeat() {
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("hostname", settings.hostname());
            body.put("queues", settings.queues());
            body.put("concurrency", settings.concurrency());
            body.put("running", List.copyOf(running.keySet()));
            ExecutionClient.Answer answer = client.postJson("/execution/workers/"
                    + ExecutionClient.encode(settings.name()) + "/heartbeat", null, body, Duration.ofSeconds(30));
            if (answer.status() != 200) {
                LOG.warn("Heartbeat answered HTTP {}: {}", answer.status(), answer.body());
                return;
            }
            lastHeartbeatNanos = System.nanoTime();
            Map<String, Object> reply = answer.json();
            if (reply.get("stop") instanceof Map<?, ?> stop) {
                stop.forEach((id, why) -> {
                    Running here = running.get(String.valueOf(id));
                    if (here != null) {
                        here.attempt.killSwitch().kill(String.valueOf(why));
                    }
                });
            }
            if (reply.get("tokens") instanceof Map<?, ?> tokens) {
                tokens.forEach((id, token) -> {
                    Running here = running.get(String.valueOf(id));
                    if (here != null) {
                        here.token = String.valueOf(token);
                    }
                });
            }
        } catch (IOException e) {
            LOG.warn("Heartbeat to {} failed: {}", client.apiUrl(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.warn("Heartbeat failed", e);
        }
    }
}
