package io.updraft.bench;

import io.updraft.cli.UpdraftCli;
import io.updraft.json.Json;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The service's figures, measured from outside as a user sees them: `updraft standalone` is started as its own
 * process on loopback; cold start to healthy, idle memory (RSS), how soon a new DAG file shows in the API, and the
 * trigger endpoint's throughput and latency under concurrent clients.
 */
public final class ServiceBenchmark {

    private static final String PASSWORD = "benchmark-admin";
    private static final String DAG = """
            %s:
              schedule: None
              default_args: {start_date: 2024-01-01}
              tasks:
                - task_id: only
                  operator: airflow.operators.empty.EmptyOperator
            """;

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
        int port = freePort();
        String base = "http://127.0.0.1:" + port;
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        // the launcher's class-data sharing archive, when `./updraft standalone` has recorded one
        Path archive = Path.of(System.getProperty("java.class.path")).toAbsolutePath().resolveSibling(
                "updraft-cds.jsa");
        boolean shared = Files.isRegularFile(archive);
        if (shared) {
            command.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:disable"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), UpdraftCli.class.getName(),
                "standalone"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true).redirectOutput(scratch.resolve("standalone.log").toFile());
        builder.environment().putAll(Map.of("UPDRAFT_HOME", scratch.resolve("home").toString(),
                "UPDRAFT_DAGS_FOLDER", dags.toString(), "UPDRAFT_PORT", Integer.toString(port),
                "UPDRAFT_ADMIN_PASSWORD", PASSWORD));
        builder.environment().remove("UPDRAFT_DB_URL");
        long started = System.nanoTime();
        Process service = builder.start();
        try {
            awaitHealthy(base, service);
            double coldStartMillis = (System.nanoTime() - started) / 1e6;
            Thread.sleep(3000);
            long idleRss = rssKb(service.pid());
            String token = token(base);
            List<Double> visible = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                visible.add(newDagVisibleMillis(base, token, dags, "bench_new_" + i));
            }
            List<Double> latencies = triggerLoad(base, token, requests / 10); // warm-up
            long loadStart = System.nanoTime();
            latencies = triggerLoad(base, token, requests);
            double seconds = (System.nanoTime() - loadStart) / 1e9;
            long loadedRss = rssKb(service.pid());

            out.printf("%nService (updraft standalone, embedded H2, loopback)%n");
            out.printf("  cold start to healthy: %.0f ms (%s)%n", coldStartMillis, shared
                    ? "with the launcher's class-data sharing archive" : "no class-data sharing archive yet: run "
                    + "`./updraft standalone` once to record it");
            out.printf("  RSS idle: %d MB; after the trigger load: %d MB%n", idleRss / 1024, loadedRss / 1024);
            out.printf("  new DAG file visible in the API: median %.0f ms, max %.0f ms (5 files)%n",
                    Percentiles.of(visible, 50), Percentiles.of(visible, 100));
            out.printf("  POST /api/v2/dags/{id}/dagRuns, %d clients: %d requests in %.2f s = %.0f requests/s; "
                    + "latency p50 %.1f ms, p99 %.1f ms%n", clients, latencies.size(), seconds,
                    latencies.size() / seconds, Percentiles.of(latencies, 50), Percentiles.of(latencies, 99));
        } finally {
            service.destroy();
            service.waitFor();
        }
    }

    private void awaitHealthy(String base, Process service) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new IllegalStateException("updraft standalone exited with " + service.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/monitor/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the port is not open yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("updraft standalone was not healthy within 60 s");
    }

    private String token(String base) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\": \"admin\", \"password\": \"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return (String) Json.readObject(response.body()).get("access_token");
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

    private static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
