package io.updraft.bench;

import io.updraft.config.UpdraftConfig;
import io.updraft.json.Json;
import io.updraft.store.Database;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code updraft benchmark --cluster --pg-url URL}: real {@code updraft standalone} nodes on one PostgreSQL and real
 * {@code updraft worker} processes, driven over REST as a user would: (1) one node running its tasks in-process,
 * (2) one node and one remote worker, (3) two nodes and four workers. For each: a chain of no-op tasks (total; hop
 * latency from an upstream's last log line to its downstream's first, both written where the tasks run), a
 * fan-out/fan-in of no-op tasks (task instances per second), and, with workers, a
 * fan-out of tasks that sleep (where the workers are the bottleneck). The store's floor (the same state writes,
 * batched one transaction each) closes the figures.
 */
public final class ClusterBenchmark {

    private static final String WORKER_USER = "bench-worker";
    private static final String WORKER_PASSWORD = "bench-worker-password";
    /** Tries a worker runs at once. */
    private static final int WORKER_CONCURRENCY = 8;
    /**
     * Enough waves of work (32 for one worker, 8 for four) that the throughput, not the run's fixed start and end
     * (about half a second), is what the ratio of four workers to one measures.
     */
    private static final int SLEEPERS = 256;
    private static final double SLEEP_SECONDS = 0.5;

    /** @param embedded on the embedded H2 store (one node) rather than the PostgreSQL */
    private record Setup(String label, int nodes, int workers, boolean embedded) {
    }

    private final PrintStream out;
    private final int chainLength;
    private final int fanOut;
    private final int repeat;
    private final Duration warmUp;
    private final Map<Integer, Double> sleepersPerSecond = new HashMap<>();

    public ClusterBenchmark(PrintStream out, int chainLength, int fanOut, int repeat, Duration warmUp) {
        this.out = out;
        this.chainLength = chainLength;
        this.fanOut = fanOut;
        this.repeat = repeat;
        this.warmUp = warmUp;
    }

    public void run(String postgresUrl) throws Exception {
        if (postgresUrl == null || postgresUrl.isBlank()) {
            throw new IllegalArgumentException("--cluster needs --pg-url (a PostgreSQL at its default durability, "
                    + "fsync on, for figures that mean something)");
        }
        Path scratch = Files.createTempDirectory("updraft-cluster-bench");
        Path dags = Files.createDirectories(scratch.resolve("dags"));
        writeDags(dags);
        out.printf("Updraft cluster benchmark (%d cores, Java %s, load %s); medians of %d repetitions after "
                + "%d s of warm-up per setup%n", Runtime.getRuntime().availableProcessors(), Runtime.version(),
                StandaloneProcess.loadAverage(), repeat, warmUp.toSeconds());
        createWorkerAccount(scratch.resolve("users"), dags, Map.of("UPDRAFT_DB_URL", postgresUrl));
        for (Setup setup : List.of(new Setup("H2: 1 node + 1 worker", 1, 1, true),
                new Setup("PostgreSQL: 1 node, tasks in-process", 1, 0, false),
                new Setup("PostgreSQL: 1 node + 1 worker", 1, 1, false),
                new Setup("PostgreSQL: 2 nodes + 4 workers", 2, 4, false))) {
            measure(setup, scratch.resolve(setup.nodes() + "n" + setup.workers() + "w"), dags, postgresUrl);
        }
        if (sleepersPerSecond.containsKey(1) && sleepersPerSecond.containsKey(4)) {
            out.printf("%nWorkers as the bottleneck (%d tasks of %.1f s, %d slots per worker): 4 workers %.2fx one%n",
                    SLEEPERS, SLEEP_SECONDS, WORKER_CONCURRENCY, sleepersPerSecond.get(4) / sleepersPerSecond.get(1));
        }
        try (Database db = Database.open(UpdraftConfig.from(Map.of("UPDRAFT_HOME", scratch.resolve("floor")
                .toString(), "UPDRAFT_DB_URL", postgresUrl)))) {
            int writes = (fanOut + 2) * 3;
            StoreFloorBenchmark.run(db, 500);
            StoreFloorBenchmark.Result floor = StoreFloorBenchmark.run(db, writes);
            out.printf("%nStore floor: %d single-row state writes, one transaction each: %d ms (%.0f writes/s)%n",
                    writes, floor.elapsedMillis(), floor.writesPerSecond());
        }
    }

    private void measure(Setup setup, Path home, Path dags, String postgresUrl) throws Exception {
        List<StandaloneProcess> nodes = new ArrayList<>();
        List<Process> workers = new ArrayList<>();
        try {
            Map<String, String> store = setup.embedded() ? Map.of() : Map.of("UPDRAFT_DB_URL", postgresUrl);
            if (setup.embedded()) {
                createWorkerAccount(home.resolve("node-0"), dags, store);
            }
            for (int i = 0; i < setup.nodes(); i++) {
                Map<String, String> env = new HashMap<>(store);
                env.put("UPDRAFT_LOCAL_QUEUES", setup.workers() == 0 ? "default" : "");
                nodes.add(StandaloneProcess.start(home.resolve("node-" + i), dags, Files.createDirectories(home)
                        .resolve("node-" + i + ".log"), env));
            }
            for (StandaloneProcess node : nodes) {
                node.awaitHealthy();
            }
            for (int i = 0; i < setup.workers(); i++) {
                workers.add(startWorker(home.resolve("worker-" + i), dags, nodes.get(i % nodes.size()).base,
                        "w" + i));
            }
            Rest rest = new Rest(nodes.get(0));
            unpause(rest);
            // the nodes' and workers' JIT compilers work for many seconds after the first runs (see EngineBenchmark)
            long warmUpEnd = System.nanoTime() + warmUp.toNanos();
            for (int i = 0; i < 2 || System.nanoTime() < warmUpEnd; i++) {
                rest.runToSuccess("bench_chain");
                rest.runToSuccess("bench_fan");
            }
            List<Double> chainMillis = new ArrayList<>();
            List<Double> hops = new ArrayList<>();
            List<Double> fanMillis = new ArrayList<>();
            for (int i = 0; i < repeat; i++) {
                Finished chain = rest.runToSuccess("bench_chain");
                chainMillis.add(chain.millis());
                hops.addAll(hops(rest, chain.path()));
                fanMillis.add(rest.runToSuccess("bench_fan").millis());
            }
            double fan = Percentiles.of(fanMillis, 50);
            out.printf("%n%s%n", setup.label());
            out.printf("  %d-task chain: total %.0f ms; hop latency (upstream's last log line to downstream's first) "
                    + "p50 %.0f ms, p99 %.0f ms (%d hops)%n", chainLength, Percentiles.of(chainMillis, 50),
                    Percentiles.of(hops, 50), Percentiles.of(hops, 99), hops.size());
            out.printf("  %d-task fan-out/fan-in: %.0f ms, %.0f task instances/s%n", fanOut + 2, fan,
                    (fanOut + 2) / (fan / 1000));
            if (setup.workers() > 0) {
                Finished sleepers = rest.runToSuccess("bench_sleepers");
                double perSecond = SLEEPERS / (sleepers.millis() / 1000);
                sleepersPerSecond.put(setup.workers(), perSecond);
                out.printf("  %d tasks of %.1f s on %d x %d worker slots: %.0f ms, %.1f tasks/s%n", SLEEPERS,
                        SLEEP_SECONDS, setup.workers(), WORKER_CONCURRENCY, sleepers.millis(), perSecond);
            }
        } finally {
            workers.forEach(Process::destroy);
            for (Process worker : workers) {
                worker.waitFor();
            }
            for (StandaloneProcess node : nodes) {
                node.close();
            }
        }
    }

    private void writeDags(Path dags) throws IOException {
        StringBuilder chain = new StringBuilder(header("bench_chain"));
        for (int i = 0; i < chainLength; i++) {
            chain.append("    - {task_id: t").append(i).append(", operator: updraft.example.Sleep")
                    .append(i > 0 ? ", dependencies: [t" + (i - 1) + "]" : "").append("}\n");
        }
        Files.writeString(dags.resolve("bench_chain.yml"), chain.toString());
        StringBuilder fan = new StringBuilder(header("bench_fan"));
        fan.append("    - {task_id: start, operator: updraft.example.Sleep}\n");
        for (int i = 0; i < fanOut; i++) {
            fan.append("    - {task_id: work_").append(i).append(", operator: updraft.example.Sleep, ")
                    .append("dependencies: [start]}\n");
        }
        fan.append("    - task_id: join\n      operator: updraft.example.Sleep\n      dependencies:\n");
        for (int i = 0; i < fanOut; i++) {
            fan.append("        - work_").append(i).append('\n');
        }
        Files.writeString(dags.resolve("bench_fan.yml"), fan.toString());
        StringBuilder sleepers = new StringBuilder(header("bench_sleepers"));
        for (int i = 0; i < SLEEPERS; i++) {
            sleepers.append("    - {task_id: s").append(i).append(", operator: updraft.example.Sleep, seconds: ")
                    .append(SLEEP_SECONDS).append("}\n");
        }
        Files.writeString(dags.resolve("bench_sleepers.yml"), sleepers.toString());
    }

    private static String header(String dagId) {
        return dagId + ":\n  max_active_tasks: 1000\n  default_args: {start_date: 2024-01-01}\n  tasks:\n";
    }

    /** The workers' account, in the store of {@code home} (the embedded one) or of {@code store}'s URL. */
    private static void createWorkerAccount(Path home, Path dags, Map<String, String> store) throws Exception {
        Files.createDirectories(home);
        Path log = home.resolveSibling(home.getFileName() + "-users.log");
        Process users = cli(home, dags, store, log, "users", "create", "-u", WORKER_USER, "-p", WORKER_PASSWORD,
                "-r", "worker");
        if (users.waitFor() != 0) {
            throw new IllegalStateException("could not create the worker account: " + Files.readString(log));
        }
    }

    private static Process startWorker(Path home, Path dags, String apiUrl, String name) throws IOException {
        Files.createDirectories(home);
        return cli(home, dags, Map.of("UPDRAFT_WORKER_USER", WORKER_USER, "UPDRAFT_WORKER_PASSWORD",
                WORKER_PASSWORD), home.resolve("worker.log"), "worker", "--api-url", apiUrl, "--concurrency",
                Integer.toString(WORKER_CONCURRENCY), "--name", name);
    }

    private static Process cli(Path home, Path dags, Map<String, String> environment, Path log, String... args)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(UpdraftJvm.command(List.of(), args)).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("UPDRAFT_HOME", home.toString(), "UPDRAFT_DAGS_FOLDER",
                dags.toString()));
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static void unpause(Rest rest) throws Exception {
        for (String dag : List.of("bench_chain", "bench_fan", "bench_sleepers")) {
            rest.call("PATCH", "/api/v2/dags/" + dag, "{\"is_paused\": false}");
        }
    }

    /**
     * From each upstream's end to its downstream's start as their logs show them, in ms: the upstream's last line
     * ("Marking task as SUCCESS") to the downstream's first ("Starting attempt"), both written where the task runs,
     * so a remote hop includes the result's way to the node, the commits and the next try's way to the worker. The
     * stored start of a try is earlier (when the engine started it, or a worker took it). Log timestamps have ms
     * resolution.
     */
    private List<Double> hops(Rest rest, String run) throws Exception {
        List<Instant> firsts = new ArrayList<>();
        List<Instant> lasts = new ArrayList<>();
        for (int i = 0; i < chainLength; i++) {
            List<Instant> times = new ArrayList<>();
            Map<String, Object> log = rest.call("GET", run + "/taskInstances/t" + i + "/logs/1", null);
            for (Object event : (List<?>) log.get("content")) {
                Object timestamp = ((Map<?, ?>) event).get("timestamp");
                if (timestamp != null) {
                    times.add(java.time.OffsetDateTime.parse(String.valueOf(timestamp)).toInstant());
                }
            }
            if (times.isEmpty()) {
                throw new IllegalStateException("the log of t" + i + " in " + run + " has no timestamped line");
            }
            firsts.add(times.get(0));
            lasts.add(times.get(times.size() - 1));
        }
        List<Double> hops = new ArrayList<>();
        for (int i = 1; i < chainLength; i++) {
            hops.add(Duration.between(lasts.get(i - 1), firsts.get(i)).toNanos() / 1e6);
        }
        hops.sort(Comparator.naturalOrder());
        return hops;
    }

    private record Finished(String path, double millis) {
    }

    /** The first node's REST API as the admin. */
    private static final class Rest {
        private final StandaloneProcess node;
        private final String token;

        Rest(StandaloneProcess node) throws Exception {
            this.node = node;
            this.token = node.token();
        }

        Finished runToSuccess(String dagId) throws Exception {
            long start = System.nanoTime();
            String runId = (String) call("POST", "/api/v2/dags/" + dagId + "/dagRuns", "{\"logical_date\": null}")
                    .get("dag_run_id");
            String path = "/api/v2/dags/" + dagId + "/dagRuns/" + URLEncoder.encode(runId, StandardCharsets.UTF_8);
            long deadline = start + Duration.ofMinutes(10).toNanos();
            while (System.nanoTime() < deadline) {
                Object state = call("GET", path, null).get("state");
                if ("success".equals(state)) {
                    return new Finished(path, (System.nanoTime() - start) / 1e6);
                }
                if ("failed".equals(state)) {
                    throw new IllegalStateException("benchmark run " + path + " failed");
                }
                // 1% of the time so far (at least 10 ms): precise enough, and the reads load the node little
                Thread.sleep(Math.max(10, (System.nanoTime() - start) / 100_000_000));
            }
            throw new IllegalStateException("benchmark run " + path + " did not finish in 10 minutes");
        }

        Map<String, Object> call(String method, String path, String body) throws Exception {
            HttpResponse<String> response = node.http.send(HttpRequest.newBuilder(URI.create(node.base + path))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " answered HTTP " + response.statusCode() + ": "
                        + response.body());
            }
            return Json.readObject(response.body());
        }
    }
}
