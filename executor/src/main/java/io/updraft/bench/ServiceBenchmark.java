package io.updraft.bench;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The service's figures, measured from outside as a user sees them: `updraft standalone` is started as its own
 * process on loopback; cold start to healthy, idle memory (RSS), how soon a new DAG file shows in the API, and the
 * trigger endpoint's throughput and latency under concurrent clients.
 */
public final class ServiceBenchmark {

    private static final String DAG = """
            %s:
              schedule: None
              default_args: {start_date: 2024-01-01}
              tasks:
                - task_id: only
                  operator: airflow.operators.empty.EmptyOperator
            """;

    private static final int WARM_UP_REQUESTS = 5_000;

    private final PrintStream out;
    private final int clients;
    private final int requests;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ServiceBenchmark(PrintStream out, int clients, int requests) {
        this.out = out;
        this.clients = clients;
        this.requests = requests;
    }

    public void run() throws Exception {
        Path scratch = Files.createTempDirectory("updraft-service-bench");
        Path dags = Files.createDirectories(scratch.resolve("dags"));
        // paused (the default): triggered runs stay queued, so the figures are the endpoint's, not task execution's
        Files.writeString(dags.resolve("bench_trigger.yml"), DAG.formatted("bench_trigger"));
        long started = System.nanoTime();
        try (StandaloneProcess service = StandaloneProcess.start(scratch.resolve("home"), dags,
                scratch.resolve("standalone.log"))) {
            service.awaitHealthy();
            double coldStartMillis = (System.nanoTime() - started) / 1e6;
            Thread.sleep(3000);
            long idleRss = service.rssKb();
            String base = service.base;
            String token = service.token();
            List<Double> visible = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                visible.add(newDagVisibleMillis(base, token, dags, "bench_new_" + i));
            }
            // warm-up: enough requests for the JIT to compile the whole request path before anything is timed
            List<Double> latencies = triggerLoad(base, token, Math.max(requests / 2, WARM_UP_REQUESTS));
            double cpuBefore = service.cpuMillis();
            long loadStart = System.nanoTime();
            latencies = triggerLoad(base, token, requests);
            double seconds = (System.nanoTime() - loadStart) / 1e9;
            double serverCpuPerRequest = (service.cpuMillis() - cpuBefore) / latencies.size();
            long loadedRss = service.rssKb();

            out.printf("%nService (updraft standalone, embedded H2, loopback; load average %s)%n",
                    StandaloneProcess.loadAverage());
            out.printf("  cold start to healthy: %.0f ms (%s)%n", coldStartMillis, service.sharedArchive
                    ? "with the launcher's class-data sharing archive" : "no class-data sharing archive yet: run "
                    + "`./updraft standalone` once to record it");
            out.printf("  RSS idle: %d MB; after the trigger load: %d MB%n", idleRss / 1024, loadedRss / 1024);
            Path storeFile = scratch.resolve("home").resolve("updraft.mv.db");
            out.printf("  embedded store file after the load: %d MB%n", Files.size(storeFile) >> 20);
            out.printf("  new DAG file visible in the API: median %.0f ms, max %.0f ms (5 files)%n",
                    Percentiles.of(visible, 50), Percentiles.of(visible, 100));
            out.printf("  POST /api/v2/dags/{id}/dagRuns, %d clients: %d requests in %.2f s = %.0f requests/s; "
                    + "latency p50 %.1f ms, p99 %.1f ms%n", clients, latencies.size(), seconds,
                    latencies.size() / seconds, Percentiles.of(latencies, 50), Percentiles.of(latencies, 99));
            // independent of how busy the machine is: what each request costs the service
            out.printf("  service CPU per trigger request: %.3f ms (%.0f requests/s per core)%n", serverCpuPerRequest,
                    1000 / serverCpuPerRequest);
        }
    }

    private double newDagVisibleMillis(String base, String token, Path dags, String dagId) throws Exception {
        long written = System.nanoTime();
        Files.writeString(dags.resolve(dagId + ".yml"), DAG.formatted(dagId));
        HttpRequest get = HttpRequest.newBuilder(URI.create(base + "/api/v2/dags/" + dagId))
                .header("Authorization", "Bearer " + token).build();
        while (http.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            if (System.nanoTime() - written > Duration.ofSeconds(60).toNanos()) {
                throw new IllegalStateException(dagId + " did not show in the API within 60 s");
            }
            Thread.sleep(5);
        }
        return (System.nanoTime() - written) / 1e6;
    }

    /** Each client triggers runs back to back; returns every request's latency in milliseconds. */
    private List<Double> triggerLoad(String base, String token, int total) throws Exception {
        HttpRequest trigger = HttpRequest.newBuilder(URI.create(base + "/api/v2/dags/bench_trigger/dagRuns"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"logical_date\": null}")).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<List<Double>>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int share = total / clients + (c < total % clients ? 1 : 0);
                results.add(pool.submit(() -> {
                    List<Double> mine = new ArrayList<>();
                    for (int i = 0; i < share; i++) {
                        long start = System.nanoTime();
                        int status = http.send(trigger, HttpResponse.BodyHandlers.discarding()).statusCode();
                        mine.add((System.nanoTime() - start) / 1e6);
                        if (status != 200) {
                            throw new IllegalStateException("trigger answered " + status);
                        }
                    }
                    return mine;
                }));
            }
            List<Double> all = new ArrayList<>();
            for (Future<List<Double>> result : results) {
                all.addAll(result.get());
            }
            return all;
        } finally {
            pool.shutdown();
        }
    }
}
