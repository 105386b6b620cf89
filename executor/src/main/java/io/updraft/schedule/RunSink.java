package io.updraft.schedule;

import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import io.updraft.run.DagRun;
import io.updraft.run.DuplicateRunException;
import io.updraft.run.RunCreator;
import io.updraft.run.RunEngine;
import io.updraft.run.RunStore;
import io.updraft.run.TriggerRequest;
import java.util.function.Function;

/**
 * Where scheduled and backfill runs go: the engine of this process ({@link RunEngine#trigger}, which starts them
 * at once) or the store only ({@link RunCreator}; an engine adopting queued runs picks them up).
 */
public interface RunSink {

    /** @throws DuplicateRunException when the DAG already has a run with this run id or logical date */
    DagRun create(Dag dag, TriggerRequest request);

    /** Deletes a finished run (a backfill reprocessing its date) with its task instances and XComs. */
    void deleteFinishedRun(String dagId, String runId);

    static RunSink engine(RunEngine engine) {
        return new RunSink() {
            @Override
            public DagRun create(Dag dag, TriggerRequest request) {
                return engine.trigger(dag, request);
            }

            @Override
            public void deleteFinishedRun(String dagId, String runId) {
                engine.deleteRun(dagId, runId).join();
            }
        };
    }

    /** Without an engine in this process: a finished run is held by no engine, so its rows are deleted as they are. */
    static RunSink store(RunCreator creator, RunStore store, Function<Task, String> operatorName) {
        return new RunSink() {
            @Override
            public DagRun create(Dag dag, TriggerRequest request) {
                return creator.create(dag, request, operatorName);
            }

            @Override
            public void deleteFinishedRun(String dagId, String runId) {
                store.deleteRun(dagId, runId);
            }
        };
    }
}
