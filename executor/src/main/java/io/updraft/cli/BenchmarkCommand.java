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

    @Override
    public Integer call() throws Exception {
        if (ml) {
            String folder = System.getenv().getOrDefault("UPDRAFT_DAGS_FOLDER", "dag-specs");
            new io.updraft.bench.MlBenchmark(System.out, java.nio.file.Path.of(folder), mlRequests).run();
            return 0;
        }
        new io.updraft.bench.EngineBenchmark(System.out, chain, fanOut, repeat).run(pgUrl);
        if (service) {
            new io.updraft.bench.ServiceBenchmark(System.out, clients, requests).run();
        }
        return 0;
    }
}
