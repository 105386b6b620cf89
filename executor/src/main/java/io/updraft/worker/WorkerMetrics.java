package io.updraft.worker;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A worker's figures for Prometheus at {@code GET /metrics} on its own port (a worker serves no other HTTP): tries
 * running and taken, free slots, the age of its last answered heartbeat, and the JVM's.
 */
final class WorkerMetrics implements AutoCloseable {

    private final HttpServer server;

    private WorkerMetrics(HttpServer server) {
        this.server = server;
    }

    static WorkerMetrics serve(RemoteWorker worker, int port) throws IOException {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Gauge.builder("updraft.worker.tries.running", worker, RemoteWorker::runningCount)
                .description("Tries this worker runs now").register(registry);
        Gauge.builder("updraft.worker.slots.free", worker, RemoteWorker::freeSlots)
                .description("Tries this worker could take now").register(registry);
        FunctionCounter.builder("updraft.worker.tries.taken", worker, RemoteWorker::tried)
                .description("Tries this worker took since it started").register(registry);
        Gauge.builder("updraft.worker.heartbeat.age", worker, RemoteWorker::heartbeatAgeSeconds).baseUnit("seconds")
                .description("Time since a node last answered this worker's heartbeat").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        return new WorkerMetrics(server);
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
