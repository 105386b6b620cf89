package io.updraft.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code updraft benchmark}: the engine's speed figures on H2 and, when given, PostgreSQL. */
@Command(name = "benchmark", description = "Measure the engine: a 40-task chain (hop latency), a 1,000-task "
        + "fan-out/fan-in (task instances per second) against the store's floor, and DAG loading.")
final class BenchmarkCommand implements Callable<Integer> {

    @Option(names = "--pg-url", description = "Also run on this PostgreSQL JDBC URL (default: $UPDRAFT_BENCH_PG_URL).")
    String pgUrl = System.getenv("UPDRAFT_BENCH_PG_URL");

    @Option(names = "--fan-out", defaultValue = "1000") int fanOut;
    @Option(names = "--chain", defaultValue = "40") int chain;
    @Option(names = "--repeat", defaultValue = "5", description = "Repetitions of each measurement; the median is "
            + "reported.") int repeat;
    @Option(names = "--warm-up-seconds", defaultValue = "20", description = "How long the engine figures (per "
            + "store) and the cluster figures (per setup) warm up before they are measured.") int warmUpSeconds;
    @Option(names = "--service", description = "Also measure `updraft standalone`: cold start, memory, DAG file "
            + "visibility, trigger endpoint throughput.") boolean service;
    @Option(names = "--clients", defaultValue = "16", description = "Concurrent HTTP clients for --service.")
    int clients;
    @Option(names = "--requests", defaultValue = "10000", description = "Trigger requests for --service.")
    int requests;
    @Option(names = "--ml", description = "Only the ML figures: the whole phishing_url_pipeline run and single-URL "
            + "prediction latency over HTTP from `updraft standalone`.") boolean ml;
    @Option(names = "--ml-requests", defaultValue = "2000", description = "Predict requests for --ml.")
    int mlRequests;

    @Option(names = "--scale", description = "Only the service at scale: start times with "
            + "--scale-dags DAG files (empty folder, first and second start), then the REST list endpoints and the web "
            + "UI's calls per page (p50/p99) on a store of --scale-dags DAGs x --scale-runs runs x 10 tasks (default "
            + "1,000 x 10 x 10 = 100,000 task instances).") boolean scale;
    @Option(names = "--scale-dags", defaultValue = "1000") int scaleDags;
    @Option(names = "--scale-runs", defaultValue = "10") int scaleRuns;
    @Option(names = "--samples", defaultValue = "200", description = "Requests per call for --scale.")
    int samples;
    @Option(names = "--soak", description = "Only the soak: `updraft standalone` under a steady trigger rate, "
            + "printing the store file's size and the service's RSS each interval (both should level off).")
    boolean soak;
    @Option(names = "--soak-minutes", defaultValue = "10") double soakMinutes;
    @Option(names = "--soak-interval-seconds", defaultValue = "60") int soakIntervalSeconds;
    @Option(names = "--soak-rate", defaultValue = "25", description = "Triggers per second for --soak.")
    double soakRate;
    @Option(names = "--cluster", description = "Only the cluster figures: `updraft standalone` nodes on the "
            + "PostgreSQL of --pg-url with and without `updraft worker` processes (1 node; 1 node + 1 worker; "
            + "2 nodes + 4 workers): chain hop latency, fan-out task instances/s, workers as the bottleneck.")
    boolean cluster;

    @Option(names = "--python", description = "Only the Python task figures: per-task time of no-op "
            + "PythonOperator chains (fresh interpreter, fork server cold and warm) and of a PythonVirtualenvOperator "
            + "chain with a cached environment, beside BashOperator `true`.")
    boolean python;

    @Option(names = "--footprint", description = "Only what the launcher costs a user: `updraft dags list` wall "
            + "time in fresh JVMs, and `updraft standalone`'s idle RSS after a phishing_url_pipeline run.")
    boolean footprint;

    @Option(names = "--idle-seconds", defaultValue = "60", description = "How long --footprint watches the idle RSS.")
    int idleSeconds;

    @Option(names = "--skip-engine", description = "Leave out the engine figures (with --service).")
    boolean skipEngine;

    @Override
    public Integer call() throws Exception {
        if (footprint) {
            new io.updraft.bench.FootprintBenchmark(System.out, io.updraft.bench.FootprintBenchmark.cloneRoot(),
                    repeat, java.time.Duration.ofSeconds(idleSeconds)).run();
            return 0;
        }
        if (soak) {
            new io.updraft.bench.SoakBenchmark(System.out, java.time.Duration.ofSeconds((long) (soakMinutes * 60)),
                    java.time.Duration.ofSeconds(soakIntervalSeconds), soakRate).run();
            return 0;
        }
        if (scale) {
            new io.updraft.bench.ScaleBenchmark(System.out, scaleDags, scaleRuns, samples).run();
            return 0;
        }
        if (cluster) {
            new io.updraft.bench.ClusterBenchmark(System.out, chain, fanOut, repeat,
                    java.time.Duration.ofSeconds(warmUpSeconds)).run(pgUrl);
            return 0;
        }
        if (python) {
            new io.updraft.bench.PythonBenchmark(System.out, chain, repeat).run();
            return 0;
        }
        if (ml) {
            String folder = System.getenv().getOrDefault("UPDRAFT_DAGS_FOLDER", "dag-specs");
            new io.updraft.bench.MlBenchmark(System.out, java.nio.file.Path.of(folder), mlRequests).run();
            return 0;
        }
        if (!skipEngine) {
            new io.updraft.bench.EngineBenchmark(System.out, chain, fanOut, repeat,
                    java.time.Duration.ofSeconds(warmUpSeconds)).run(pgUrl);
        }
        if (service) {
            new io.updraft.bench.ServiceBenchmark(System.out, clients, requests).run();
        }
        return 0;
    }
}
