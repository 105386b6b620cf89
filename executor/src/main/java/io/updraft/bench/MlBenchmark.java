package io.updraft.bench;

import io.updraft.api.model.ModelVersion;
import io.updraft.app.Updraft;
import io.updraft.config.UpdraftConfig;
import io.updraft.dag.Dag;
import io.updraft.run.DagRun;
import io.updraft.run.RunEngine;
import io.updraft.run.RunState;
import io.updraft.run.TriggerRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The ML figures as a user meets them: the whole {@code phishing_url_pipeline} DAG of the DAGs folder run through
 * the engine (ingest to deploy, wall time, twice: without and with a champion to compare against), then
 * {@code updraft standalone} started as its own process on that home, and single-URL
 * {@code POST /api/ml/models/phishing_url/predict} latency over loopback HTTP, one client, sequential requests.
 */
public final class MlBenchmark {

    private static final String[] URLS = {
        "http://paypal.com.account-verify.secure-login.xyz/webscr.php?cmd=_login",
        "https://www.wikipedia.org/wiki/Main_Page",
        "http://192.168.12.7/bank/update/index.html",
        "https://github.com/apache/airflow/blob/main/README.md",
    };

    private final PrintStream out;
    private final Path dagSpecs;
    private final int requests;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public MlBenchmark(PrintStream out, Path dagSpecs, int requests) {
        this.out = out;
        this.dagSpecs = dagSpecs;
        this.requests = requests;
    }

    public void run() throws Exception {
        Path scratch = Files.createTempDirectory("updraft-ml-bench");
        Path dags = Files.createDirectories(scratch.resolve("dags"));
        copy(dagSpecs.resolve("phishing_url_pipeline.yml"), dags.resolve("phishing_url_pipeline.yml"));
        copyTree(dagSpecs.resolve("data"), dags.resolve("data"));
        Path home = scratch.resolve("home");
        out.printf("%nML (phishing_url_pipeline from %s, embedded H2; load average %s)%n", dagSpecs, StandaloneProcess.loadAverage());
        UpdraftConfig config = UpdraftConfig.from(Map.of("UPDRAFT_HOME", home.toString(), "UPDRAFT_DAGS_FOLDER",
                dags.toString()));
        try (Updraft updraft = Updraft.open(config, Map.of())) {
            updraft.loadDags();
            Dag dag = updraft.dag("phishing_url_pipeline").orElseThrow(() -> new IllegalStateException(
                    "phishing_url_pipeline did not load: " + updraft.importErrors().list(10, 0)));
            RunEngine engine = updraft.startEngine(false, io.updraft.run.EngineSettings.DEFAULT_PARALLELISM);
            for (String label : List.of("first run, no champion", "second run, against the champion")) {
                long start = System.nanoTime();
                DagRun run = engine.completion(engine.trigger(dag, TriggerRequest.manual(Instant.now(), Map.of(),
                        "test"))).get();
                double seconds = (System.nanoTime() - start) / 1e9;
                if (run.state() != RunState.SUCCESS) {
                    throw new IllegalStateException("the pipeline run " + run.runId() + " " + run.state().value());
                }
                out.printf("  whole pipeline (%s): %.1f s%n", label, seconds);
            }
            ModelVersion champion = updraft.modelRegistry().alias("phishing_url", ModelVersion.CHAMPION)
                    .orElseThrow(() -> new IllegalStateException("no champion was deployed"));
            Map<String, Object> m = champion.metrics();
            out.printf("  champion: version %d (%s), held-out AUC %.4f, accuracy %.4f, F1 %.4f%n",
                    champion.version(), champion.algorithm(), num(m.get("auc")), num(m.get("accuracy")),
                    num(m.get("f1")));
        }
        predictLatency(scratch, home, dags);
    }

    private void predictLatency(Path scratch, Path home, Path dags) throws Exception {
        try (StandaloneProcess service = StandaloneProcess.start(home, dags, scratch.resolve("standalone.log"))) {
            service.awaitHealthy();
            String base = service.base;
            String token = service.token();
            long firstStart = System.nanoTime();
            send(base, token, URLS[0]); // loads the champion
            double firstMillis = (System.nanoTime() - firstStart) / 1e6;
            for (int i = 0; i < Math.max(200, requests / 5); i++) {
                send(base, token, URLS[i % URLS.length]);
            }
            List<Double> latencies = new ArrayList<>(requests);
            long start = System.nanoTime();
            for (int i = 0; i < requests; i++) {
                long t = System.nanoTime();
                send(base, token, URLS[i % URLS.length]);
                latencies.add((System.nanoTime() - t) / 1e6);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            out.printf("  POST /api/ml/models/phishing_url/predict, one URL, 1 client (updraft standalone, "
                    + "loopback): first request %.0f ms (loads the champion); then %d requests: p50 %.2f ms, "
                    + "p99 %.2f ms, max %.1f ms (%.0f requests/s)%n", firstMillis, requests,
                    Percentiles.of(latencies, 50), Percentiles.of(latencies, 99), Percentiles.of(latencies, 100),
                    requests / seconds);
        }
    }

    private void send(String base, String token, String url) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base
                        + "/api/ml/models/phishing_url/predict"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"" + url + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("predict answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static double num(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        Files.copy(from, to);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    copy(file, target);
                }
            }
        }
    }
}
