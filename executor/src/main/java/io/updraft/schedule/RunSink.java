package io.updraft.schedule;

import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import io.updraft.run.DagRun;
import io.updraft.run.DuplicateRunException;
import io.updraft.run.RunCreator;
import io.updraft.run.RunEngine;
import io.updraft.run.TriggerRequest;
import java.util.function.Function;

/**
 * Where scheduled and backfill runs go: the engine of this process ({@link RunEngine#trigger}, which starts them
 * at once) or the store only ({@link RunCreator}; an engine adopting queued runs picks them up).
 */
@FunctionalInterface
public interface RunSink {

    /** @throws DuplicateRunException when the DAG already has a run with this run id or logical date */
    DagRun create(Dag dag, TriggerRequest request);

    static RunSink engine(RunEngine engine) {
        return engine::trigger;
    }

    static RunSink store(RunCreator creator, Function<Task, String> operatorName) {
        return (dag, request) -> creator.create(dag, request, operatorName);
    }
}
