package io.updraft.store;

import io.updraft.run.DagRun;
import io.updraft.run.DuplicateRunException;
import io.updraft.run.RunChanges;
import io.updraft.run.RunIds;
import io.updraft.run.RunState;
import io.updraft.run.RunStore;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskInstanceIds;
import io.updraft.run.TaskInstanceKey;
import io.updraft.run.TaskState;
import io.updraft.run.XCom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.EmptyHandling;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** {@link RunStore} on Jdbi. Thread-safe: every call uses its own handle and transaction. */
public final class JdbiRunStore implements RunStore {

    private static final String INSERT_RUN = """
            INSERT INTO dag_run (dag_id, run_id, logical_date, data_interval_start, data_interval_end, run_after,
                run_type, state, queued_at, start_date, end_date, conf, note, triggered_by, dag_version, clear_number,
                last_scheduling_decision, updated_at, owner_job_id)
            VALUES (:dag_id, :run_id, :logical_date, :data_interval_start, :data_interval_end, :run_after,
                :run_type, :state, :queued_at, :start_date, :end_date, :conf, :note, :triggered_by, :dag_version,
                :clear_number, :last_scheduling_decision, :updated_at, :owner_job_id)""";

    private static final String SELECT_RUNS_AFTER = """
            SELECT * FROM dag_run WHERE id > :after_id AND state IN (<states>) ORDER BY id LIMIT :limit""";

    private static final String SELECT_RUN = """
            SELECT * FROM dag_run WHERE dag_id = :dag_id AND run_id = :run_id""";

    // The "CAST(...) IS NULL OR" filters keep one statement for optional criteria; listing is not a hot path.
    private static final String SELECT_RUNS = """
            SELECT * FROM dag_run
            WHERE (CAST(:dag_id AS VARCHAR(250)) IS NULL OR dag_id = :dag_id)
                AND (:any_state OR state IN (<states>))
            ORDER BY run_after DESC, id DESC
            LIMIT :limit OFFSET :offset""";

    private static final String COUNT_RUNS = """
            SELECT COUNT(*) FROM dag_run
            WHERE (CAST(:dag_id AS VARCHAR(250)) IS NULL OR dag_id = :dag_id)
                AND (:any_state OR state IN (<states>))""";

    private static final String SELECT_PREVIOUS_RUN = """
            SELECT * FROM dag_run
            WHERE dag_id = :dag_id AND COALESCE(logical_date, run_after) < :before
                AND (NOT :exclude_manual OR run_type <> 'manual')
            ORDER BY COALESCE(logical_date, run_after) DESC, id DESC
            LIMIT 1""";

    private static final String SELECT_PREVIOUS_SUCCESS = """
            SELECT * FROM dag_run
            WHERE dag_id = :dag_id AND state = 'success' AND logical_date < :before
            ORDER BY logical_date DESC
            LIMIT 1""";

    private static final String SELECT_TASK_INSTANCES_OF_RUN = """
            SELECT * FROM task_instance WHERE dag_id = :dag_id AND run_id = :run_id ORDER BY task_id, map_index""";

    private static final String SELECT_TASK_INSTANCE = """
            SELECT * FROM task_instance
            WHERE dag_id = :dag_id AND run_id = :run_id AND task_id = :task_id AND map_index = :map_index""";

    private static final String SELECT_TASK_INSTANCES_IN_STATES = """
            SELECT * FROM task_instance
            WHERE state IN (<states>) OR (:include_none AND state IS NULL)
            ORDER BY dag_id, run_id, task_id, map_index""";

    private static final String SELECT_TRIES = """
            SELECT * FROM task_instance_history
            WHERE dag_id = :dag_id AND run_id = :run_id AND task_id = :task_id AND map_index = :map_index
            ORDER BY try_number, id""";

    private static final String SELECT_XCOM = """
            SELECT * FROM xcom
            WHERE dag_id = :dag_id AND run_id = :run_id AND task_id = :task_id AND map_index = :map_index
                AND "key" = :key""";

    private static final String SELECT_XCOMS = """
            SELECT * FROM xcom
            WHERE dag_id = :dag_id AND run_id = :run_id
                AND (CAST(:task_id AS VARCHAR(250)) IS NULL OR task_id = :task_id)
            ORDER BY task_id, map_index, "key\"""";

    private static final String SELECT_XCOM_HOLDERS = """
            SELECT DISTINCT task_id, map_index FROM xcom WHERE dag_id = :dag_id AND run_id = :run_id""";

    private final Jdbi jdbi;
    private final Dialect dialect;
    private volatile CommitHook commitHook = CommitHook.NONE;

    public JdbiRunStore(Database database) {
        this.jdbi = database.jdbi();
        this.dialect = database.dialect();
    }

    @Override
    public List<DagRun> createRuns(List<NewRun> runs) {
        try {
            return jdbi.inTransaction(handle -> {
                // one batch per table: a statement per run costs more than its insert on the embedded store
                PreparedBatch runBatch = handle.prepareBatch(INSERT_RUN);
                List<TaskInstance> instances = new ArrayList<>();
                for (NewRun newRun : runs) {
                    RunRows.bindRun(runBatch, newRun.run()).bindByType("owner_job_id", newRun.ownerJobId(), Long.class)
                            .add();
                    for (TaskInstance ti : newRun.taskInstances()) {
                        // The id is the task instance's stable UUID; assign one if the caller did not.
                        TaskInstance withId = ti.id() == null
                                ? ti.toBuilder().id(TaskInstanceIds.next()).build() : ti;
                        instances.add(withId);
                    }
                }
                List<Long> ids = runBatch.executePreparedBatch("id").mapTo(Long.class).list();
                TaskInstanceBatches.insert(handle, instances);
                List<DagRun> created = new ArrayList<>();
                for (int i = 0; i < runs.size(); i++) {
                    created.add(runs.get(i).run().withId(ids.get(i)));
                }
                return created;
            });
        } catch (UnableToExecuteStatementException e) {
            // the run the constraint names: only a single run's message can name it exactly
            throw (runs.size() == 1 ? duplicateRun(runs.get(0).run(), e) : duplicateOfMany(runs, e))
                    .orElseThrow(() -> e);
        }
    }

    private static Optional<DuplicateRunException> duplicateOfMany(List<NewRun> runs,
                                                                   UnableToExecuteStatementException e) {
        if (!UniqueViolations.isUniqueViolation(e)) {
            return Optional.empty();
        }
        return Optional.of(new DuplicateRunException("One of " + runs.size() + " runs already exists", e));
    }

    /**
     * Stores many runs and their task instances in one transaction of batched inserts (benchmark fills and
     * imports; the ids of the runs are assigned by the store and not returned). Task instances need their ids.
     */
    public void insertAll(List<DagRun> runs, List<TaskInstance> taskInstances) {
        jdbi.useTransaction(handle -> {
            PreparedBatch runBatch = handle.prepareBatch(INSERT_RUN);
            runs.forEach(run -> RunRows.bindRun(runBatch, run).bindByType("owner_job_id", null, Long.class).add());
            if (runBatch.size() > 0) {
                runBatch.execute();
            }
            TaskInstanceBatches.insert(handle, taskInstances);
        });
    }

    /** Airflow's 409 messages, chosen by which unique constraint of dag_run was violated. */
    private static Optional<DuplicateRunException> duplicateRun(DagRun run, UnableToExecuteStatementException e) {
        if (!UniqueViolations.isUniqueViolation(e)) {
            return Optional.empty();
        }
        String message = String.valueOf(e.getCause().getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("dag_run_dag_id_run_id_uq")) {
            return Optional.of(new DuplicateRunException("DAGRun with DAG ID: '" + run.dagId()
                    + "' and DAGRun ID: '" + run.runId() + "' already exists", e));
        }
        if (message.contains("dag_run_dag_id_logical_date_uq")) {
            return Optional.of(new DuplicateRunException("DAGRun with DAG ID: '" + run.dagId()
                    + "' and DAGRun logical date: '" + airflowDate(run.logicalDate())
                    + "' already exists", e));
        }
        return Optional.empty();
    }

    private static String airflowDate(Instant instant) {
        return RunIds.pythonStr(instant);
    }

    /** Sets the writes made in each {@link #apply} transaction besides the changes themselves. */
    public void commitHook(CommitHook hook) {
        this.commitHook = hook == null ? CommitHook.NONE : hook;
    }

    @Override
    public List<io.updraft.run.TaskWait> taskWaits(String dagId, String runId) {
        return jdbi.withHandle(handle -> TaskWaitRows.read(handle, dagId, runId));
    }

    @Override
    public void apply(RunChanges changes) {
        if (changes.isEmpty()) {
            return;
        }
        Runnable afterCommit = jdbi.inTransaction(handle -> {
            RunChangeWriter.write(handle, changes, dialect);
            return commitHook.inTransaction(handle, changes);
        });
        if (afterCommit != null) {
            try {
                afterCommit.run();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(JdbiRunStore.class).warn("After-commit work failed", e);
            }
        }
    }

    @Override
    public Optional<DagRun> findRun(String dagId, String runId) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_RUN)
                .bind("dag_id", dagId)
                .bind("run_id", runId)
                .map(RunRows::dagRun)
                .findOne());
    }

    @Override
    public List<DagRun> findRunsAfter(long afterId, Set<RunState> states, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_RUNS_AFTER)
                .bind("after_id", afterId)
                .bindList("states", states.stream().map(RunState::value).toList())
                .bind("limit", limit)
                .map(RunRows::dagRun)
                .list());
    }

    @Override
    public boolean deleteRun(String dagId, String runId) {
        return jdbi.withHandle(handle -> handle.createUpdate(RunChangeWriter.DELETE_RUN)
                .bind("dag_id", dagId)
                .bind("run_id", runId)
                .execute()) > 0;
    }

    @Override
    public List<DagRun> findRuns(String dagId, Set<RunState> states, int limit, int offset) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_RUNS)
                .bind("dag_id", dagId)
                .bind("any_state", states.isEmpty())
                .bindList(EmptyHandling.NULL_KEYWORD, "states", states.stream().map(RunState::value).toList())
                .bind("limit", limit)
                .bind("offset", offset)
                .map(RunRows::dagRun)
                .list());
    }

    @Override
    public long countRuns(String dagId, Set<RunState> states) {
        return jdbi.withHandle(handle -> handle.createQuery(COUNT_RUNS)
                .bind("dag_id", dagId)
                .bind("any_state", states.isEmpty())
                .bindList(EmptyHandling.NULL_KEYWORD, "states", states.stream().map(RunState::value).toList())
                .mapTo(Long.class)
                .one());
    }

    @Override
    public Optional<DagRun> previousSuccess(String dagId, Instant before) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_PREVIOUS_SUCCESS)
                .bind("dag_id", dagId)
                .bindByType("before", before, Instant.class)
                .map(RunRows::dagRun)
                .findOne());
    }

    @Override
    public Optional<DagRun> previousRun(String dagId, Instant before, boolean excludeManual) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_PREVIOUS_RUN)
                .bind("dag_id", dagId)
                .bindByType("before", before, Instant.class)
                .bind("exclude_manual", excludeManual)
                .map(RunRows::dagRun)
                .findOne());
    }

    @Override
    public List<TaskInstance> taskInstances(String dagId, String runId) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_TASK_INSTANCES_OF_RUN)
                .bind("dag_id", dagId)
                .bind("run_id", runId)
                .map(RunRows::taskInstance)
                .list());
    }

    @Override
    public Optional<TaskInstance> findTaskInstance(TaskInstanceKey key) {
        return jdbi.withHandle(handle -> findTaskInstance(handle, key));
    }

    static Optional<TaskInstance> findTaskInstance(Handle handle, TaskInstanceKey key) {
        return RunChangeWriter.bindKey(handle.createQuery(SELECT_TASK_INSTANCE), key).map(RunRows::taskInstance).findOne();
    }

    @Override
    public List<TaskInstance> findTaskInstances(Collection<TaskState> states) {
        List<String> values = states.stream().filter(s -> s != TaskState.NONE).map(TaskState::value).toList();
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_TASK_INSTANCES_IN_STATES)
                .bindList(EmptyHandling.NULL_KEYWORD, "states", values)
                .bind("include_none", states.contains(TaskState.NONE))
                .map(RunRows::taskInstance)
                .list());
    }

    @Override
    public List<TaskInstance> tries(TaskInstanceKey key) {
        return jdbi.withHandle(handle ->
                RunChangeWriter.bindKey(handle.createQuery(SELECT_TRIES), key).map(RunRows::taskInstanceTry).list());
    }

    @Override
    public Set<TaskInstanceKey> xcomHolders(String dagId, String runId) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_XCOM_HOLDERS)
                .bind("dag_id", dagId)
                .bind("run_id", runId)
                .map((rs, ctx) -> new TaskInstanceKey(dagId, runId, rs.getString("task_id"), rs.getInt("map_index")))
                .set());
    }

    @Override
    public Optional<XCom> findXCom(String dagId, String runId, String taskId, int mapIndex, String key) {
        return jdbi.withHandle(handle -> RunChangeWriter.bindKey(handle.createQuery(SELECT_XCOM),
                        new TaskInstanceKey(dagId, runId, taskId, mapIndex))
                .bind("key", key)
                .map(RunRows::xcom)
                .findOne());
    }

    @Override
    public List<XCom> xcoms(String dagId, String runId, String taskId) {
        return jdbi.withHandle(handle -> handle.createQuery(SELECT_XCOMS)
                .bind("dag_id", dagId)
                .bind("run_id", runId)
                .bind("task_id", taskId)
                .map(RunRows::xcom)
                .list());
    }
}
