package io.updraft.bench;

import io.updraft.app.Updraft;
import io.updraft.config.UpdraftConfig;
import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import io.updraft.run.DagRun;
import io.updraft.run.EngineSettings;
import io.updraft.run.RunEngine;
import io.updraft.run.RunState;
import io.updraft.run.TriggerRequest;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The engine's figures, for each store: (a) a chain of no-op tasks (total time, and hop latency from an upstream's
 * end to its downstream's start, read from the stored task instances); (b) a fan-out/fan-in of no-op tasks (task
 * instances per second); (c) the store's floor, the same number of task-instance state writes done directly through
 * Jdbi, one transaction each; and the time of (b) over (c). Hop latency is measured where the task runs: from the
 * moment the upstream try returned to the moment the downstream try began, so it includes the store commit and
 * the hand-over to a worker. Also the time to load 1,000 YAML files of 10 tasks.
 * The no-op task is the example plugin {@code updraft.example.Sleep} with no arguments: it runs through the
 * worker pool, the task runner, its log file and the store like any task.
 */
public final class EngineBenchmark {

    private static final String NO_OP = "updraft.example.Sleep";
    /** Task-instance writes per task: scheduled, running, finished. */
    private static final int WRITES_PER_TASK = 3;

    private final PrintStream out;
    private final int chainLength;
    private final int fanOut;
    private final int repeat;
    private final Duration warmUp;

    public EngineBenchmark(PrintStream out, int chainLength, int fanOut, int repeat, Duration warmUp) {
        this.out = out;
        this.chainLength = chainLength;
        this.fanOut = fanOut;
        this.repeat = repeat;
        this.warmUp = warmUp;
    }

    public void run(String postgresUrl) throws Exception {
        Path scratch = Files.createTempDirectory("updraft-bench");
        out.printf("Updraft engine benchmark (%d cores, Java %s); medians of %d repetitions after %d s of warm-up "
                + "per store%n", Runtime.getRuntime().availableProcessors(), Runtime.version(), repeat,
                warmUp.toSeconds());
        measureStore("H2 (embedded file)", UpdraftConfig.from(Map.of("UPDRAFT_HOME", scratch.resolve("h2").toString(),
                "UPDRAFT_DAGS_FOLDER", scratch.resolve("dags").toString())));
        if (postgresUrl != null && !postgresUrl.isBlank()) {
            measureStore("PostgreSQL", UpdraftConfig.from(Map.of("UPDRAFT_HOME", scratch.resolve("pg").toString(),
                    "UPDRAFT_DAGS_FOLDER", scratch.resolve("dags").toString(), "UPDRAFT_DB_URL", postgresUrl)));
        } else {
            out.println("PostgreSQL: skipped (give --pg-url or UPDRAFT_BENCH_PG_URL; `bash .ci/pg-start` prints one)");
        }
        try (Updraft updraft = Updraft.open(UpdraftConfig.from(Map.of("UPDRAFT_HOME",
                scratch.resolve("load").toString())))) {
            DagLoadBenchmark.run(scratch.resolve("load-warmup"), 200, 10, updraft.operators());
            DagLoadBenchmark.Result load = DagLoadBenchmark.run(scratch.resolve("load-dags"), 1000, 10,
                    updraft.operators());
            out.printf("%nDAG loading: %d files, %d DAGs, %d tasks in %d ms%n", load.files(), load.dags(),
                    load.tasks(), load.millis());
        }
    }

    private void measureStore(String label, UpdraftConfig config) throws Exception {
        try (Updraft updraft = Updraft.open(config)) {
            ExecutionTimes times = new ExecutionTimes();
            RunEngine engine = updraft.startEngine(false, EngineSettings.DEFAULT_PARALLELISM, times::around);
            String suffix = Long.toString(System.currentTimeMillis(), 36);
            Dag chain = chain("bench_chain_" + suffix);
            Dag fan = fanOutFanIn("bench_fan_" + suffix);

            // until the JIT has compiled the hot paths: C2 works for 20 s and more after the first run, taking up to
            // a core of the two, and a long-running service is measured warm
            long warmUpEnd = System.nanoTime() + warmUp.toNanos();
            for (int i = 0; i < 3 || System.nanoTime() < warmUpEnd; i++) {
                runOnce(updraft, engine, chain, -1 - i);
                runOnce(updraft, engine, fan, -1 - i);
            }
            List<Double> chainMillis = new ArrayList<>();
            List<Double> hops = new ArrayList<>();
            List<Double> fanMillis = new ArrayList<>();
            List<Double> fanCommits = new ArrayList<>();
            List<Double> fanCpuMillis = new ArrayList<>();
            for (int i = 0; i < repeat; i++) {
                Measured measured = runOnce(updraft, engine, chain, 100 + i);
                chainMillis.add(measured.millis());
                hops.addAll(times.hops(chain, measured.run()));
                long commitsBefore = engine.stats().commits();
                double cpuBefore = processCpuMillis();
                fanMillis.add(runOnce(updraft, engine, fan, 100 + i).millis());
                fanCpuMillis.add(processCpuMillis() - cpuBefore);
                fanCommits.add((double) (engine.stats().commits() - commitsBefore));
            }
            int taskCount = fan.tasks().size();
            int writes = taskCount * WRITES_PER_TASK;
            StoreFloorBenchmark.run(updraft.database(), 500);
            List<Double> floorMillis = new ArrayList<>();
            for (int i = 0; i < repeat; i++) {
                floorMillis.add((double) StoreFloorBenchmark.run(updraft.database(), writes).elapsedMillis());
            }
            double fanMedian = median(fanMillis);
            double floorMedian = median(floorMillis);
            int fanCommitCount = (int) Math.max(1, Math.round(median(fanCommits)));
            List<Double> batchedMillis = new ArrayList<>();
            for (int i = 0; i < repeat; i++) {
                batchedMillis.add((double) StoreFloorBenchmark.runBatched(updraft.database(), taskCount, writes,
                        fanCommitCount).elapsedMillis());
            }
            double batchedMedian = median(batchedMillis);
            out.printf("%n%s%n", label);
            out.printf("  (a) %d-task chain: total %.1f ms; hop latency p50 %.2f ms, p99 %.2f ms (%d hops)%n",
                    chainLength, median(chainMillis), Percentiles.of(hops, 50), Percentiles.of(hops, 99),
                    hops.size());
            out.printf("  (b) %d-task fan-out/fan-in: %.0f ms, %.0f task instances/s; %.0f engine commits, "
                    + "%.0f µs of CPU per task instance (all threads)%n", taskCount, fanMedian,
                    taskCount / (fanMedian / 1000), median(fanCommits), median(fanCpuMillis) * 1000 / taskCount);
            out.printf("  (c) store floor: %d single-row state writes, one transaction each: %.0f ms (%.0f writes/s)%n",
                    writes, floorMedian, writes / (floorMedian / 1000));
            out.printf("  (b)/(c): the fan-out takes %.2fx the floor's time for the same number of writes%n",
                    fanMedian / floorMedian);
            out.printf("  (d) batched floor: the same %d writes as JDBC batches in %d transactions (the fan-out's "
                    + "commits): %.0f ms (%.0f task instances/s); (b)/(d) %.2fx%n", writes, fanCommitCount,
                    batchedMedian, taskCount / (batchedMedian / 1000), fanMedian / batchedMedian);
        }
    }

    private record Measured(double millis, DagRun run) {
    }

    private Measured runOnce(Updraft updraft, RunEngine engine, Dag dag, int sequence) throws Exception {
        Instant logicalDate = Instant.parse("2020-01-01T00:00:00Z").plusSeconds(sequence);
        long start = System.nanoTime();
        DagRun run = engine.trigger(dag, TriggerRequest.manual(logicalDate, Map.of(), "test"));
        DagRun finished = engine.completion(run).get(10, TimeUnit.MINUTES);
        double millis = (System.nanoTime() - start) / 1e6;
        if (finished.state() != RunState.SUCCESS) {
            throw new IllegalStateException("benchmark run " + run.runId() + " ended " + finished.state());
        }
        return new Measured(millis, run);
    }

    private Dag chain(String dagId) {
        Dag.Builder builder = Dag.builder(dagId).versionHash("benchmark");
        for (int i = 0; i < chainLength; i++) {
            Task.Builder task = Task.builder("t" + i, NO_OP);
            if (i > 0) {
                task.upstream("t" + (i - 1));
            }
            builder.task(task.build());
        }
        return builder.build();
    }

    private Dag fanOutFanIn(String dagId) {
        Dag.Builder builder = Dag.builder(dagId).versionHash("benchmark")
                .maxActiveTasks(EngineSettings.DEFAULT_PARALLELISM);
        builder.task(Task.builder("start", NO_OP).build());
        List<String> middle = new ArrayList<>();
        for (int i = 0; i < fanOut; i++) {
            builder.task(Task.builder("work_" + i, NO_OP).upstream("start").build());
            middle.add("work_" + i);
        }
        builder.task(Task.builder("join", NO_OP).upstream(middle.toArray(String[]::new)).build());
        return builder.build();
    }

    /** CPU time of this whole process (every thread: engine, workers, the store's writers), in milliseconds. */
    private static double processCpuMillis() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() / 1e6;
    }

    private static double median(List<Double> values) {
        return Percentiles.of(values, 50);
    }
}
