package io.updraft.bench;

import io.updraft.dag.CallbackKind;
import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import io.updraft.run.DagRun;
import io.updraft.run.TaskAttempt;
import io.updraft.run.TaskInstanceKey;
import io.updraft.run.TaskOutcome;
import io.updraft.run.TaskRunner;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Records when each try really began and ended on its worker thread, to measure hops between dependent tasks. */
final class ExecutionTimes {

    private record Span(long startNanos, long endNanos) {
    }

    private final Map<TaskInstanceKey, Span> spans = new ConcurrentHashMap<>();

    TaskRunner around(TaskRunner runner) {
        return new TaskRunner() {
            @Override
            public TaskOutcome run(TaskAttempt attempt) {
                long start = System.nanoTime();
                TaskOutcome outcome = runner.run(attempt);
                spans.put(attempt.taskInstance().key(), new Span(start, System.nanoTime()));
                return outcome;
            }

            @Override
            public void runTaskCallbacks(TaskAttempt attempt, CallbackKind kind, String error) {
                runner.runTaskCallbacks(attempt, kind, error);
            }

            @Override
            public void runDagCallbacks(Dag dag, DagRun run, CallbackKind kind, String reason) {
                runner.runDagCallbacks(dag, run, kind, reason);
            }
        };
    }

    /** Milliseconds from each upstream try's end to its downstream try's start, in one run. */
    List<Double> hops(Dag dag, DagRun run) {
        List<Double> hops = new ArrayList<>();
        for (Task task : dag.tasks().values()) {
            Span downstream = spans.get(TaskInstanceKey.of(dag.dagId(), run.runId(), task.taskId()));
            for (String upstreamId : task.upstream()) {
                Span upstream = spans.get(TaskInstanceKey.of(dag.dagId(), run.runId(), upstreamId));
                hops.add((downstream.startNanos() - upstream.endNanos()) / 1e6);
            }
        }
        return hops;
    }
}
