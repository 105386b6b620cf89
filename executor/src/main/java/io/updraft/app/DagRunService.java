package io.updraft.app;

import io.updraft.dag.Dag;
import io.updraft.operator.DagRunAccess;
import io.updraft.run.DagRun;
import io.updraft.run.RunEngine;
import io.updraft.run.RunType;
import io.updraft.run.TaskInstance;
import io.updraft.run.TriggerRequest;
import io.updraft.store.Database;
import io.updraft.store.JdbiRunStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What tasks see of other DAGs' runs (TriggerDagRunOperator, ExternalTaskSensor): this process's engine and store.
 * A triggered run is run by this process's engine, or, once {@link #queueOnly} is set (as by Airflow's
 * {@code dags test}), only created queued in the store, for a scheduler to run.
 */
final class DagRunService implements DagRunAccess {

    private final Function<String, Optional<Dag>> dags;
    private final Function<String, Optional<Boolean>> paused;
    private final Supplier<Optional<RunEngine>> engine;
    private final JdbiRunStore runs;
    private final Database database;
    private final Function<io.updraft.dag.Task, String> operatorNames;
    private volatile boolean queueOnly;

    DagRunService(Function<String, Optional<Dag>> dags, Function<String, Optional<Boolean>> paused,
                  Supplier<Optional<RunEngine>> engine, JdbiRunStore runs, Database database,
                  Function<io.updraft.dag.Task, String> operatorNames) {
        this.dags = dags;
        this.paused = paused;
        this.engine = engine;
        this.runs = runs;
        this.database = database;
        this.operatorNames = operatorNames;
    }

    /** From now on a triggered run is created queued in the store and not run by this process. */
    void queueOnly() {
        queueOnly = true;
    }

    @Override
    public Optional<Boolean> isPaused(String dagId) {
        return paused.apply(dagId);
    }

    @Override
    public String trigger(String dagId, String runId, Instant logicalDate, Map<String, Object> conf, String note,
                          boolean reset) {
        Dag dag = dags.apply(dagId).orElseThrow(() -> new IllegalArgumentException("Dag id " + dagId
                + " not found"));
        Optional<DagRun> existing = runs.findRun(dagId, runId);
        TriggerRequest request = new TriggerRequest(runId, RunType.OPERATOR_TRIGGERED, logicalDate, null, null, null,
                conf == null ? Map.of() : conf, note, "operator");
        if (queueOnly && existing.isEmpty()) {
            return new io.updraft.run.RunCreator(runs).create(dag, request, operatorNames).runId();
        }
        RunEngine running = engine.get().orElseThrow(() -> new IllegalStateException("no engine in this process"));
        if (existing.isPresent() && reset) {
            List<io.updraft.run.TaskInstanceKey> keys = runs.taskInstances(dagId, runId).stream()
                    .map(TaskInstance::key).toList();
            running.clearTaskInstances(dagId, runId, keys).join();
            return runId;
        }
        return running.trigger(dag, request).runId();
    }

    @Override
    public Optional<RunStates> run(String dagId, String runId) {
        return runs.findRun(dagId, runId).map(this::states);
    }

    @Override
    public Optional<RunStates> runAt(String dagId, Instant logicalDate) {
        Optional<String> runId = database.jdbi().withHandle(handle -> handle.createQuery(
                "SELECT run_id FROM dag_run WHERE dag_id = :dag_id AND logical_date = :logical_date")
                .bind("dag_id", dagId).bindByType("logical_date", logicalDate, Instant.class)
                .mapTo(String.class).findFirst());
        return runId.flatMap(id -> run(dagId, id));
    }

    private RunStates states(DagRun run) {
        Map<String, List<String>> tasks = new LinkedHashMap<>();
        for (TaskInstance ti : runs.taskInstances(run.dagId(), run.runId())) {
            tasks.computeIfAbsent(ti.taskId(), id -> new ArrayList<>()).add(ti.state().value() == null ? "none"
                    : ti.state().value());
        }
        return new RunStates(run.runId(), run.state().value(), tasks);
    }
}
