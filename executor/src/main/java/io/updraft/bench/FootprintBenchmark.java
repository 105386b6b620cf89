package io.updraft.bench;

import io.updraft.json.Json;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What a user of the {@code updraft} launcher waits for and pays: the wall time of {@code ./updraft dags list}, each
 * in a fresh JVM as typed at a shell; and the resident memory of {@code ./updraft standalone} started by the
 * launcher (its default JVM options), idle after one whole {@code phishing_url_pipeline} run (ingest to deploy).
 */
public final class FootprintBenchmark {

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(20);

    private final PrintStream out;
    private final Path root;
    private final int repeat;
    private final Duration idle;

    /** @param root the clone holding the {@code updraft} launcher and {@code dag-specs/} */
    public FootprintBenchmark(PrintStream out, Path root, int repeat, Duration idle) {
        this.out = out;
        this.root = root;
        this.repeat = repeat;
        this.idle = idle;
    }

    /** The clone the running jar was built in ({@code <root>/executor/target/*.jar}), or the working directory. */
    public static Path cloneRoot() {
        Path jar = Path.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator)[0]).toAbsolutePath();
        Path candidate = jar.getParent() == null || jar.getParent().getParent() == null ? null
                : jar.getParent().getParent().getParent();
        return candidate != null && Files.isExecutable(candidate.resolve("updraft")) ? candidate : Path.of("").toAbsolutePath();
    }

    public void run() throws Exception {
        Path launcher = root.resolve("updraft");
        if (!Files.isExecutable(launcher)) {
            throw new IllegalStateException("no updraft launcher at " + launcher + ": run from a clone");
        }
        cliWallTime(launcher);
        idleMemory(launcher);
    }

    private void cliWallTime(Path launcher) throws Exception {
        out.printf("%nCLI (`updraft dags list` on %s, a fresh JVM each; load average %s)%n", root.resolve("dag-specs"),
                StandaloneProcess.loadAverage());
        time(launcher); // records the launcher's class-data archive when there is none yet
        List<Double> seconds = new ArrayList<>();
        List<Double> cpu = new ArrayList<>();
        for (int i = 0; i < repeat; i++) {
            double cpuBefore = childrenCpuSeconds();
            seconds.add(time(launcher));
            cpu.add(childrenCpuSeconds() - cpuBefore);
        }
        out.printf("  wall time: median %.2f s, best %.2f s, worst %.2f s (%d runs); CPU (user + system, what a quiet "
                + "machine would wait at most): median %.2f s%n", Percentiles.of(seconds, 50), Percentiles.of(seconds, 0),
                Percentiles.of(seconds, 100), repeat, Percentiles.of(cpu, 50));
    }

    /** CPU time of this process's finished children (cutime + cstime of /proc/self/stat; 100 ticks a second). */
    private static double childrenCpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[13]) + Long.parseLong(fields[14])) / 100.0;
    }

    private double time(Path launcher) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "dags", "list")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.DISCARD);
        builder.environment().put("UPDRAFT_DAGS_FOLDER", root.resolve("dag-specs").toString());
        long start = System.nanoTime();
        int exit = builder.start().waitFor();
        if (exit != 0) {
            throw new IllegalStateException("updraft dags list exited with " + exit);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private void idleMemory(Path launcher) throws Exception {
        Path scratch = Files.createTempDirectory("updraft-footprint");
        Path dags = Files.createDirectories(scratch.resolve("dags"));
        Files.copy(root.resolve("dag-specs/phishing_url_pipeline.yml"), dags.resolve("phishing_url_pipeline.yml"));
        try (Stream<Path> files = Files.walk(root.resolve("dag-specs/data"))) {
            for (Path file : files.toList()) {
                Path target = dags.resolve("data").resolve(root.resolve("dag-specs/data").relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        out.printf("%nMemory (`updraft standalone` through the launcher, embedded H2; load average %s)%n",
                StandaloneProcess.loadAverage());
        try (StandaloneProcess service = StandaloneProcess.startWithLauncher(launcher, scratch.resolve("home"), dags,
                scratch.resolve("standalone.log"))) {
            service.awaitHealthy();
            out.printf("  RSS once healthy: %d MB%n", service.rssKb() / 1024);
            String token = service.token();
            long start = System.nanoTime();
            String state = runPipeline(service, token);
            out.printf("  phishing_url_pipeline: %s in %.0f s; RSS right after: %d MB%n", state,
                    (System.nanoTime() - start) / 1e9, service.rssKb() / 1024);
            long deadline = System.nanoTime() + idle.toNanos();
            List<String> samples = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                Thread.sleep(Math.min(10_000, idle.toMillis()));
                samples.add(Long.toString(service.rssKb() / 1024));
            }
            out.printf("  RSS idle, every 10 s for %d s: %s MB; threads: %s%n", idle.toSeconds(),
                    String.join(", ", samples), threads(service));
        }
    }

    private static String runPipeline(StandaloneProcess service, String token) throws Exception {
        String dag = service.base + "/api/v2/dags/phishing_url_pipeline";
        call(service, token, "PATCH", dag, "{\"is_paused\": false}");
        String runId = (String) Json.readObject(call(service, token, "POST", dag + "/dagRuns", "{\"logical_date\": null}"))
                .get("dag_run_id");
        String runUrl = dag + "/dagRuns/" + URLEncoder.encode(runId, StandardCharsets.UTF_8).replace("+", "%20");
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String state = (String) Json.readObject(call(service, token, "GET", runUrl, null)).get("state");
            if ("success".equals(state) || "failed".equals(state)) {
                return state;
            }
            Thread.sleep(1000);
        }
        throw new IllegalStateException("phishing_url_pipeline did not finish within " + RUN_TIMEOUT);
    }

    private static String call(StandaloneProcess service, String token, String method, String url, String body)
            throws Exception {
        HttpResponse<String> response = service.http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static String threads(StandaloneProcess service) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(service.process.pid()), "status"))) {
            if (line.startsWith("Threads:")) {
                return line.substring("Threads:".length()).trim();
            }
        }
        return "unknown";
    }
}
