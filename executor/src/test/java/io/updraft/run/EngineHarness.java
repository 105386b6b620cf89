package io.updraft.run;

import io.updraft.config.UpdraftConfig;
import io.updraft.dag.CallbackKind;
import io.updraft.dag.Dag;
import io.updraft.store.Database;
import io.updraft.store.JdbiRunStore;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A real engine on a real H2 file store, with a task runner whose behaviour each test scripts per task id.
 * Records what ran, in which order, how many ran at once, and which callbacks fired.
 */
final class EngineHarness implements AutoCloseable {

    final Database database;
    final JdbiRunStore store;
    final RunEngine engine;
    final List<String> started = new CopyOnWriteArrayList<>();
    final List<String> callbacks = new CopyOnWriteArrayList<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger maxRunning = new AtomicInteger();
    private final Map<String, Function<TaskAttempt, TaskOutcome>> behaviours = new ConcurrentHashMap<>();
    private final Map<String, Dag> dags = new ConcurrentHashMap<>();

    EngineHarness(Path home, Database database) {
        this(home, database, EngineSettings.DEFAULT_PARALLELISM, Map.of("default_pool", 128), null, id -> false);
    }

    EngineHarness(Path home, Database database, int parallelism, Map<String, Integer> pools, Long jobId,
                  java.util.function.Predicate<Long> isJobDead) {
        UpdraftConfig config = UpdraftConfig.from(Map.of("UPDRAFT_HOME", home.toString()));
        this.database = database;
        store = new JdbiRunStore(database);
        EngineSettings settings = new EngineSettings(parallelism, config.logsFolder(), "localhost", "tester", 1,
                jobId, pool -> pools.containsKey(pool) ? OptionalInt.of(pools.get(pool)) : OptionalInt.empty(),
                task -> task.operator().endsWith("EmptyOperator"), task -> task.operator(),
                dagId -> Optional.ofNullable(dags.get(dagId)), isJobDead, false, dagId -> false, Duration.ofSeconds(1), null);
        engine = new RunEngine(store, new ScriptedRunner(), settings, RunClock.utc());
    }

    EngineHarness start() {
        engine.start();
        return this;
    }

    void behave(String taskId, Function<TaskAttempt, TaskOutcome> behaviour) {
        behaviours.put(taskId, behaviour);
    }

    void register(Dag dag) {
        dags.put(dag.dagId(), dag);
    }

    DagRun trigger(Dag dag) {
        register(dag);
        return engine.trigger(dag, TriggerRequest.manual(Instant.now(), Map.of(), "test"));
    }

    DagRun runToEnd(Dag dag) throws Exception {
        return awaitEnd(trigger(dag));
    }

    DagRun awaitEnd(DagRun run) throws Exception {
        return engine.completion(run).get(30, TimeUnit.SECONDS);
    }

    TaskInstance ti(DagRun run, String taskId) {
        return store.findTaskInstance(TaskInstanceKey.of(run.dagId(), run.runId(), taskId)).orElseThrow();
    }

    TaskState state(DagRun run, String taskId) {
        return ti(run, taskId).state();
    }

    @Override
    public void close() {
        engine.close();
        database.close();
    }

    private final class ScriptedRunner implements TaskRunner {
        @Override
        public TaskOutcome run(TaskAttempt attempt) {
            String label = attempt.taskInstance().taskId()
                    + (attempt.taskInstance().mapIndex() >= 0 ? "[" + attempt.taskInstance().mapIndex() + "]" : "");
            started.add(label);
            int now = running.incrementAndGet();
            maxRunning.accumulateAndGet(now, Math::max);
            try {
                return behaviours.getOrDefault(attempt.task().taskId(), a -> TaskOutcome.success(Map.of()))
                        .apply(attempt);
            } finally {
                running.decrementAndGet();
            }
        }

        @Override
        public void runTaskCallbacks(TaskAttempt attempt, CallbackKind kind, String error) {
            callbacks.add(attempt.taskInstance().taskId() + ":" + kind.key());
        }

        @Override
        public void runDagCallbacks(Dag dag, DagRun run, CallbackKind kind, String reason) {
            callbacks.add(dag.dagId() + ":" + kind.key() + ":" + reason);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
