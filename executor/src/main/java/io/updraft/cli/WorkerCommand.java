package io.updraft.cli;

import io.updraft.config.UpdraftConfig;
import io.updraft.dispatch.WorkerSettings;
import io.updraft.worker.RemoteWorker;
import java.net.URI;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code updraft worker}: runs tries on this machine for engine nodes elsewhere, over HTTP(S) only. It logs in as
 * {@code UPDRAFT_WORKER_USER} / {@code UPDRAFT_WORKER_PASSWORD} (an account with role worker), loads the DAGs from
 * its own {@code UPDRAFT_DAGS_FOLDER} and the operators from its own class path.
 */
@Command(name = "worker", description = "Run tasks of the given queues for the engine nodes behind --api-url.")
final class WorkerCommand implements Callable<Integer> {

    @Option(names = "--api-url", required = true, description = "A node's base URL, e.g. http://updraft:8080.")
    URI apiUrl;

    @Option(names = "--queues", defaultValue = "default",
            description = "Comma-separated queues to take tasks from (default: ${DEFAULT-VALUE}).")
    String queues;

    @Option(names = "--concurrency", defaultValue = "8", description = "Tries run at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--metrics-port", description = "Serve GET /metrics for Prometheus on this port.")
    Integer metricsPort;

    @Option(names = {"-n", "--name"}, description = "This worker's name (default: host name and process id).")
    String name;

    @Override
    public Integer call() throws Exception {
        List<String> queueNames = List.copyOf(WorkerSettings.queues(queues));
        if (queueNames.isEmpty() || concurrency < 1) {
            System.err.println("Error: give at least one queue with --queues and a --concurrency of 1 or more");
            return 2;
        }
        StopSignals signals = StopSignals.install();
        UpdraftConfig config = UpdraftConfig.fromEnvironment();
        String user = System.getenv("UPDRAFT_WORKER_USER");
        RemoteWorker worker = RemoteWorker.create(apiUrl, user, System.getenv("UPDRAFT_WORKER_PASSWORD"), name,
                queueNames, concurrency, config.dagsFolder(), config.home(), System.getenv());
        System.err.println("Worker " + worker.name() + " serving queues " + queueNames + " of " + apiUrl
                + (user == null ? " (no UPDRAFT_WORKER_USER: without authentication)" : " as " + user));
        if (metricsPort != null) {
            System.err.println("Metrics at http://0.0.0.0:" + worker.serveMetrics(metricsPort) + "/metrics");
        }
        worker.run(signals.latch());
        return 0;
    }
}
