package io.updraft.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.updraft.config.PoolStore;
import io.updraft.dispatch.RunningQueues;
import io.updraft.job.HeartbeatAge;
import io.updraft.run.EngineStats;
import io.updraft.run.RunEngine;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * This node's figures in Prometheus's format (Micrometer): the engine's steps, commits, tries, dispatch latency,
 * scheduled task instances per queue, pool slots, the job heartbeat's age, and the JVM's memory, threads and GC.
 * The names are listed in the README ("Metrics").
 */
@Singleton
public final class NodeMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final RunEngine engine;
    private final PoolStore pools;
    private final RunningQueues queues;
    /** Held here: a gauge keeps only a weak reference to what it reads. */
    private final HeartbeatAge heartbeatAge;
    private final MultiGauge scheduledByQueue;
    private final MultiGauge poolSlotsUsed;
    private final MultiGauge poolSlots;
    private final MultiGauge remoteWaiting;
    private final MultiGauge workerHeartbeatAge;
    private final MultiGauge workerRunning;

    public NodeMetrics(RunEngine engine, PoolStore pools, RunningQueues queues, HeartbeatAge heartbeatAge) {
        this.engine = engine;
        this.pools = pools;
        this.queues = queues;
        this.heartbeatAge = heartbeatAge;
        FunctionCounter.builder("updraft.engine.steps", engine, e -> e.stats().steps())
                .description("Decision steps the engine took").register(registry);
        FunctionCounter.builder("updraft.engine.commits", engine, e -> e.stats().commits())
                .description("Transactions the engine committed (rate: commits per second)").register(registry);
        FunctionCounter.builder("updraft.tries.started", engine, e -> e.stats().triesStarted())
                .description("Tries started on this node").register(registry);
        Gauge.builder("updraft.tries.running", engine, e -> e.stats().triesRunning())
                .description("Tries running on this node now").register(registry);
        Gauge.builder("updraft.heartbeat.age", heartbeatAge, h -> h.current().map(Duration::toMillis)
                        .orElse(0L) / 1000.0)
                .baseUnit("seconds").description("Time since this node's job last heartbeated").register(registry);
        Timer dispatch = Timer.builder("updraft.dispatch.latency").publishPercentileHistogram()
                .description("From a task instance scheduled to its try handed to a worker").register(registry);
        engine.onDispatch(nanos -> dispatch.record(nanos, TimeUnit.NANOSECONDS));
        scheduledByQueue = MultiGauge.builder("updraft.queue.scheduled")
                .description("Task instances scheduled and waiting for a slot, by queue").register(registry);
        poolSlotsUsed = MultiGauge.builder("updraft.pool.slots.used")
                .description("Pool slots taken by this node's queued and running tries").register(registry);
        poolSlots = MultiGauge.builder("updraft.pool.slots")
                .description("Slots of each pool (-1: unlimited)").register(registry);
        remoteWaiting = MultiGauge.builder("updraft.remote.waiting")
                .description("Tries waiting for a remote worker, by queue, across all nodes").register(registry);
        workerHeartbeatAge = MultiGauge.builder("updraft.worker.heartbeat.age").baseUnit("seconds")
                .description("Time since each remote worker's last heartbeat").register(registry);
        workerRunning = MultiGauge.builder("updraft.worker.running")
                .description("Tries each remote worker runs, as of its last heartbeat").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
    }

    /** The figures now, in Prometheus's text format. */
    public String scrape() {
        EngineStats stats = engine.stats();
        scheduledByQueue.register(rows("queue", stats.scheduledByQueue()), true);
        poolSlotsUsed.register(rows("pool", stats.poolSlotsUsed()), true);
        Map<String, Integer> slots = new java.util.TreeMap<>();
        pools.list(1000, 0).forEach(pool -> slots.put(pool.name(), pool.slots()));
        poolSlots.register(rows("pool", slots), true);
        queues.current().ifPresent(current -> {
            remoteWaiting.register(rows("queue", current.waitingByQueue()), true);
            java.time.Instant now = java.time.Instant.now();
            List<MultiGauge.Row<?>> ages = new java.util.ArrayList<>();
            List<MultiGauge.Row<?>> running = new java.util.ArrayList<>();
            current.workers().forEach(worker -> {
                ages.add(MultiGauge.Row.of(Tags.of("worker", worker.name()),
                        Duration.between(worker.lastHeartbeat(), now).toMillis() / 1000.0));
                running.add(MultiGauge.Row.of(Tags.of("worker", worker.name()), worker.running()));
            });
            workerHeartbeatAge.register(ages, true);
            workerRunning.register(running, true);
        });
        return registry.scrape();
    }

    private static List<MultiGauge.Row<?>> rows(String tag, Map<String, Integer> values) {
        List<MultiGauge.Row<?>> rows = new java.util.ArrayList<>();
        values.forEach((name, value) -> rows.add(MultiGauge.Row.of(Tags.of(tag, name), value)));
        return rows;
    }
}
