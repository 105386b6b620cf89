package io.updraft.bench;

import io.updraft.app.Updraft;
import io.updraft.config.UpdraftConfig;
import io.updraft.dag.Dag;
import io.updraft.dag.DagBag;
import io.updraft.dag.DagLoadBenchmark;
import io.updraft.run.DagRun;
import io.updraft.run.RunState;
import io.updraft.run.RunType;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskState;
import io.updraft.store.JdbiRunStore;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntFunction;

/**
 * The list endpoints a UI reads, at scale: a store with {@code dags} DAGs (real YAML files in the DAGs folder),
 * {@code runsPerDag} finished runs each and one task instance per task and run, filled straight through the store
 * in batched transactions; then `updraft standalone` on it, and each endpoint's latency over real HTTP on loopback
 * (one client, so the figure is the server's time plus loopback).
 */
public final class ListBenchmark {

    private static final Instant FIRST_DAY = Instant.parse("2024-01-01T03:00:00Z");
    private static final int BROKEN_FILES = 5;

    private final PrintStream out;
    private final int dags;
    private final int runsPerDag;
    private final int tasksPerDag;
    private final int samples;

    public ListBenchmark(PrintStream out, int dags, int runsPerDag, int tasksPerDag, int samples) {
        this.out = out;
        this.dags = dags;
        this.runsPerDag = runsPerDag;
        this.tasksPerDag = tasksPerDag;
        this.samples = samples;
    }

    public void run() throws Exception {
        Path scratch = Files.createTempDirectory("updraft-list-bench");
        Path dagsFolder = Files.createDirectories(scratch.resolve("dags"));
        Path home = scratch.resolve("home");
        for (int i = 0; i < dags; i++) {
            Files.writeString(dagsFolder.resolve(String.format("dag_%05d.yml", i)),
                    DagLoadBenchmark.dagFile(i, tasksPerDag));
        }
        for (int i = 0; i < BROKEN_FILES; i++) {
            Files.writeString(dagsFolder.resolve("broken_" + i + ".yml"), "broken_" + i + ":\n  tasks: [\n");
        }
        long fillStart = System.nanoTime();
        long taskInstances = fill(new UpdraftConfig(home, dagsFolder, UpdraftConfig.embeddedDbUrl(home), null,
                null));
        double fillSeconds = (System.nanoTime() - fillStart) / 1e9;

        try (StandaloneProcess service = StandaloneProcess.start(home, dagsFolder,
                scratch.resolve("standalone.log"))) {
            service.awaitHealthy();
            String token = service.token();
            out.printf("%nList endpoints (updraft standalone, embedded H2, loopback, 1 client): %d DAGs, %d runs, "
                    + "%d task instances (store filled in %.1f s); %d requests each after %d warm-up%n", dags,
                    (long) dags * runsPerDag, taskInstances, fillSeconds, samples, samples / 4);
            out.printf("  %-62s %8s %8s %8s%n", "endpoint", "p50 ms", "p99 ms", "KB");
            Random random = new Random(1);
            IntFunction<String> dag = i -> "benchmark_dag_" + i;
            String lastRun = runPath(runsPerDag - 1);
            measure(service, token, "GET /dags (first page of 50)", i -> "/api/v2/dags");
            measure(service, token, "GET /dags?offset=500&order_by=-last_parsed_time",
                    i -> "/api/v2/dags?offset=500&order_by=-last_parsed_time");
            measure(service, token, "GET /dags?tags=benchmark&dag_id_pattern=dag_1%", i ->
                    "/api/v2/dags?tags=benchmark&dag_id_pattern=dag_1%25");
            measure(service, token, "POST /dags/~/dagRuns/list (runs of the 50 DAGs of a page)",
                    i -> "/api/v2/dags/~/dagRuns/list", i -> pageRunsBody(random.nextInt(dags / 50)));
            measure(service, token, "GET /dags/{id}/details", i -> "/api/v2/dags/" + dag.apply(random.nextInt(dags))
                    + "/details");
            measure(service, token, "GET /dags/{id}/dagRuns?order_by=-run_after", i -> "/api/v2/dags/"
                    + dag.apply(random.nextInt(dags)) + "/dagRuns?order_by=-run_after");
            measure(service, token, "GET /dags/~/dagRuns?order_by=-run_after (all runs)",
                    i -> "/api/v2/dags/~/dagRuns?order_by=-run_after");
            measure(service, token, "GET /dags/{id}/dagRuns/{run}/taskInstances", i -> "/api/v2/dags/"
                    + dag.apply(random.nextInt(dags)) + "/dagRuns/" + lastRun + "/taskInstances");
            measure(service, token, "GET /dags/{id}/dagRuns/~/taskInstances?limit=100", i -> "/api/v2/dags/"
                    + dag.apply(random.nextInt(dags)) + "/dagRuns/~/taskInstances?limit=100");
            measure(service, token, "GET /dags/~/dagRuns/~/taskInstances (all task instances)",
                    i -> "/api/v2/dags/~/dagRuns/~/taskInstances");
            measure(service, token, "GET /dags/~/dagRuns/~/taskInstances?state=failed",
                    i -> "/api/v2/dags/~/dagRuns/~/taskInstances?state=failed");
            measure(service, token, "GET /dags/~/dagRuns/~/taskInstances?order_by=-start_date",
                    i -> "/api/v2/dags/~/dagRuns/~/taskInstances?order_by=-start_date");
            measure(service, token, "GET /dags/{id}/dagRuns/{run}/taskInstances/{task}", i -> "/api/v2/dags/"
                    + dag.apply(random.nextInt(dags)) + "/dagRuns/" + runPath(random.nextInt(runsPerDag))
                    + "/taskInstances/task_" + random.nextInt(tasksPerDag));
            measure(service, token, "GET /importErrors", i -> "/api/v2/importErrors");
            measure(service, token, "GET /api/v1/dags/~/dagRuns/~/taskInstances",
                    i -> "/api/v1/dags/~/dagRuns/~/taskInstances");
        }
    }

    private String pageRunsBody(int page) {
        StringBuilder ids = new StringBuilder();
        for (int i = page * 50; i < page * 50 + 50 && i < dags; i++) {
            ids.append(ids.isEmpty() ? "" : ", ").append("\"benchmark_dag_").append(i).append('"');
        }
        return "{\"dag_ids\": [" + ids + "], \"order_by\": \"-run_after\", \"page_limit\": 100}";
    }

    /** Loads the DAG files (DAG rows and versions), then inserts the runs and task instances in batches. */
    private long fill(UpdraftConfig config) {
        long count = 0;
        try (Updraft updraft = Updraft.open(config, Map.of())) {
            long start = System.nanoTime();
            DagBag bag = updraft.loadDags();
            out.printf("%nList benchmark: %d DAG files loaded in %.1f s%n", bag.dags().size(),
                    (System.nanoTime() - start) / 1e9);
            JdbiRunStore store = updraft.runs();
            List<DagRun> runs = new ArrayList<>();
            List<TaskInstance> tis = new ArrayList<>();
            for (Dag dag : bag.dags()) {
                for (int r = 0; r < runsPerDag; r++) {
                    addRun(dag, r, runs, tis);
                }
                if (tis.size() >= 20_000) {
                    count += tis.size();
                    store.insertAll(runs, tis);
                    runs.clear();
                    tis.clear();
                }
            }
            count += tis.size();
            store.insertAll(runs, tis);
        }
        return count;
    }

    /** Finished runs: every seventh fails at its last task; tasks ran a few seconds each. */
    private void addRun(Dag dag, int r, List<DagRun> runs, List<TaskInstance> tis) {
        Instant logical = FIRST_DAY.plus(Duration.ofDays(r));
        boolean failed = (dag.dagId().hashCode() + r) % 7 == 0;
        Instant start = logical.plus(Duration.ofDays(1)).plusSeconds(5);
        Instant end = start.plusSeconds(2L * tasksPerDag);
        runs.add(new DagRun(0, dag.dagId(), runId(r), logical, logical.minus(Duration.ofDays(1)), logical,
                logical.plus(Duration.ofDays(1)), RunType.SCHEDULED, failed ? RunState.FAILED : RunState.SUCCESS,
                start.minusSeconds(1), start, end, Map.of(), null, "timetable", dag.versionHash(), 0, end, end));
        int t = 0;
        for (String taskId : dag.tasks().keySet()) {
            boolean last = t == dag.tasks().size() - 1;
            Instant taskStart = start.plusSeconds(2L * t);
            tis.add(new TaskInstance(UUID.randomUUID().toString(), dag.dagId(), runId(r), taskId, -1,
                    failed && last ? TaskState.FAILED : TaskState.SUCCESS, 1, 1, taskStart, taskStart.plusSeconds(1),
                    "bench-host", "updraft", 1000 + t, "default_pool", 1, "default", 1,
                    "airflow.providers.standard.operators.bash.BashOperator", taskStart.minusMillis(5),
                    taskStart.minusMillis(10), "{\"bash_command\": \"echo\"}", null, null, taskStart.plusSeconds(1)));
            t++;
        }
    }

    private static String runId(int r) {
        return "scheduled__" + FIRST_DAY.plus(Duration.ofDays(r)).toString().replace("Z", "+00:00");
    }

    /** The run id as a path segment ('+' would read as a space). */
    private static String runPath(int r) {
        return java.net.URLEncoder.encode(runId(r), java.nio.charset.StandardCharsets.UTF_8);
    }

    private void measure(StandaloneProcess service, String token, String label, IntFunction<String> path)
            throws Exception {
        measure(service, token, label, path, null);
    }

    /** Sequential requests; latency per request in ms, p50 and p99 over {@code samples} after a warm-up. */
    private void measure(StandaloneProcess service, String token, String label, IntFunction<String> path,
                         IntFunction<String> body) throws Exception {
        List<Double> latencies = new ArrayList<>();
        long bytes = 0;
        int warmUp = samples / 4;
        for (int i = 0; i < warmUp + samples; i++) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(service.base + path.apply(i)))
                    .header("Authorization", "Bearer " + token);
            if (body != null) {
                request.header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.apply(i)));
            }
            long start = System.nanoTime();
            HttpResponse<byte[]> response = service.http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            double millis = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException(label + " answered " + response.statusCode() + ": "
                        + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
            }
            if (i >= warmUp) {
                latencies.add(millis);
                bytes += response.body().length;
            }
        }
        out.printf("  %-62s %8.1f %8.1f %8.1f%n", label, Percentiles.of(latencies, 50), Percentiles.of(latencies, 99),
                bytes / 1024.0 / samples);
    }
}
