package io.updraft.bench;

import io.updraft.config.UpdraftConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code updraft benchmark --soak}: `updraft standalone` on the embedded store under a steady trigger rate of a
 * small unpaused DAG (its runs execute), printing per interval the runs triggered, the H2 file's size and the
 * service's RSS, so whether both level off shows; at the end, the file's size once compacted.
 */
public final class SoakBenchmark {

    private static final String DAG = """
            bench_soak:
              schedule: None
              is_paused_upon_creation: false
              max_active_runs: 64
              default_args: {start_date: 2024-01-01}
              tasks:
                - task_id: start
                  operator: airflow.operators.empty.EmptyOperator
                - task_id: work
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo run {{ run_id }}"
                  dependencies: [start]
                - task_id: done
                  operator: airflow.operators.empty.EmptyOperator
                  dependencies: [work]
            """;

    private final PrintStream out;
    private final Duration length;
    private final Duration interval;
    private final double ratePerSecond;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public SoakBenchmark(PrintStream out, Duration length, Duration interval, double ratePerSecond) {
        this.out = out;
        this.length = length;
        this.interval = interval;
        this.ratePerSecond = ratePerSecond;
    }

    public void run() throws Exception {
        Path scratch = Files.createTempDirectory("updraft-soak-bench");
        Path dags = Files.createDirectories(scratch.resolve("dags"));
        Files.writeString(dags.resolve("bench_soak.yml"), DAG);
        Path home = scratch.resolve("home");
        Path file = home.resolve("updraft.mv.db");
        out.printf("Soak: %.0f triggers/s of a 3-task DAG for %d s on the embedded store (%s); load average %s%n",
                ratePerSecond, length.toSeconds(), file, StandaloneProcess.loadAverage());
        out.printf("  %8s %10s %10s %12s %10s %10s%n", "seconds", "triggered", "refused", "store MB", "KB/run",
                "RSS MB");
        AtomicLong triggered = new AtomicLong();
        AtomicLong refused = new AtomicLong();
        try (StandaloneProcess service = StandaloneProcess.start(home, dags, scratch.resolve("standalone.log"))) {
            service.awaitHealthy();
            String token = service.token();
            HttpRequest trigger = HttpRequest.newBuilder(URI.create(service.base
                            + "/api/v2/dags/bench_soak/dagRuns"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"logical_date\": null}")).build();
            ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor();
            long periodMicros = Math.max(1, (long) (1_000_000 / ratePerSecond));
            clock.scheduleAtFixedRate(() -> http.sendAsync(trigger, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, error) -> {
                        if (error == null && response.statusCode() == 200) {
                            triggered.incrementAndGet();
                        } else {
                            refused.incrementAndGet();
                        }
                    }), 0, periodMicros, TimeUnit.MICROSECONDS);
            long start = System.nanoTime();
            long end = start + length.toNanos();
            long lastRuns = 0;
            long lastBytes = Files.size(file);
            try {
                while (System.nanoTime() < end) {
                    Thread.sleep(interval.toMillis());
                    long runs = triggered.get();
                    long bytes = Files.size(file);
                    out.printf("  %8d %10d %10d %12.1f %10s %10d%n", (System.nanoTime() - start) / 1_000_000_000L,
                            runs, refused.get(), bytes / 1e6, runs > lastRuns
                                    ? String.format("%.1f", (bytes - lastBytes) / 1024.0 / (runs - lastRuns)) : "-",
                            service.rssKb() / 1024);
                    lastRuns = runs;
                    lastBytes = bytes;
                }
            } finally {
                clock.shutdownNow();
            }
        }
        out.printf("  after the stop: store %.1f MB; compacted: %.1f MB (%d runs)%n", Files.size(file) / 1e6,
                compactedBytes(home) / 1e6, triggered.get());
    }

    /** The file's size after H2's SHUTDOWN COMPACT: what the live data takes. */
    private static long compactedBytes(Path home) throws Exception {
        String url = UpdraftConfig.embeddedDbUrl(home).replace(";AUTO_SERVER=TRUE", "");
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN COMPACT");
        } catch (java.sql.SQLException closedByShutdown) {
            // SHUTDOWN closes the connection under the statement
        }
        return Files.size(home.resolve("updraft.mv.db"));
    }
}
