package io.updraft.sensor;

import io.updraft.app.Updraft;
import io.updraft.config.UpdraftConfig;
import io.updraft.run.DagRun;
import io.updraft.run.RunEngine;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskInstanceKey;
import io.updraft.run.TaskState;
import io.updraft.run.TriggerRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** A real Updraft on a DAGs folder with one YAML file, its engine started; runs DAGs as `dags test` does. */
final class SensorHarness implements AutoCloseable {

    final Updraft updraft;
    final RunEngine engine;

    SensorHarness(Path dir, String yaml, Map<String, String> extraEnv) throws Exception {
        Path dags = Files.createDirectories(dir.resolve("dags"));
        Files.writeString(dags.resolve("sensors.yml"), yaml);
        Map<String, String> env = new HashMap<>(System.getenv());
        env.put("UPDRAFT_HOME", dir.resolve("home").toString());
        env.put("UPDRAFT_DAGS_FOLDER", dags.toString());
        env.putAll(extraEnv);
        updraft = Updraft.open(UpdraftConfig.from(env), env);
        var bag = updraft.loadDags();
        if (!bag.importErrors().isEmpty()) {
            throw new AssertionError("import errors: " + bag.importErrors());
        }
        engine = updraft.startEngine(false, 16);
    }

    DagRun trigger(String dagId) {
        return engine.trigger(updraft.dag(dagId).orElseThrow(),
                TriggerRequest.manual(Instant.now(), Map.of(), "test"));
    }

    DagRun finish(DagRun run) throws Exception {
        return engine.completion(run).get(60, java.util.concurrent.TimeUnit.SECONDS);
    }

    TaskInstance ti(DagRun run, String taskId) {
        return updraft.runs().findTaskInstance(new TaskInstanceKey(run.dagId(), run.runId(), taskId, -1))
                .orElseThrow();
    }

    /** Waits (polling the store, 30 s at most) until the instance is in the state; fails otherwise. */
    TaskInstance await(DagRun run, String taskId, TaskState state) throws InterruptedException {
        awaitTrue(() -> ti(run, taskId).state() == state, () -> taskId + " " + state.value());
        return ti(run, taskId);
    }

    static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        awaitTrue(condition, what, Duration.ofSeconds(60));
    }

    static void awaitTrue(BooleanSupplier condition, java.util.function.Supplier<String> what, Duration budget)
            throws InterruptedException {
        long deadline = System.nanoTime() + budget.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what.get());
            }
            Thread.sleep(10);
        }
    }

    @Override
    public void close() {
        updraft.close();
    }
}
