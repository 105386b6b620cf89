package io.updraft.operator;

import io.updraft.dag.Callback;
import io.updraft.dag.CallbackKind;
import io.updraft.dag.Dag;
import io.updraft.run.DagRun;
import io.updraft.run.RunReads;
import io.updraft.run.TaskAttempt;
import io.updraft.template.ContextValues;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs task and DAG callbacks in the Python runner with Airflow's context; failures are logged, never thrown.
 * Thread-safe.
 */
final class CallbackRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CallbackRunner.class);
    private static final String SOURCE = "callback_runner.py";

    private final PythonRunner python;
    private final RunReads runs;
    private final Path home;
    private final Map<String, String> environment;

    CallbackRunner(PythonRunner python, RunReads runs, Path home, Map<String, String> environment) {
        this.python = python;
        this.runs = runs;
        this.home = home;
        this.environment = environment;
    }

    /** Output goes to the try's log; {@code exception} is in the context for on_failure / on_retry. */
    void runTaskCallbacks(TaskAttempt attempt, CallbackKind kind, String error) {
        List<Callback> callbacks = attempt.task().callbacks(kind);
        if (callbacks.isEmpty()) {
            return;
        }
        Map<String, Object> extra = new LinkedHashMap<>();
        if (error != null) {
            extra.put("exception", error);
        }
        try {
            Map<String, Object> values = ContextValues.forTask(attempt.dag(), attempt.task(), attempt.run(),
                    attempt.taskInstance());
            run(callbacks, kind, attempt.dag(), attempt.run(), values, extra, attempt.logFile());
        } catch (RuntimeException e) {
            LOG.warn("{} of {} could not run", kind.key(), attempt.taskInstance().key(), e);
        }
    }

    /** Output goes to {@code logs/dag_id=<dag>/run_id=<run>/dag_callbacks.log}; {@code reason} is in the context. */
    void runDagCallbacks(Dag dag, DagRun run, CallbackKind kind, String reason) {
        List<Callback> callbacks = dag.callbacks(kind);
        if (callbacks.isEmpty()) {
            return;
        }
        Path logFile = home.resolve("logs").resolve("dag_id=" + dag.dagId()).resolve("run_id=" + run.runId())
                .resolve("dag_callbacks.log");
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("reason", reason);
        try {
            run(callbacks, kind, dag, run, ContextValues.forRun(dag, run), extra, logFile);
        } catch (RuntimeException e) {
            LOG.warn("{} of DAG run {}/{} could not run", kind.key(), dag.dagId(), run.runId(), e);
        }
    }

    private void run(List<Callback> callbacks, CallbackKind kind, Dag dag, DagRun run, Map<String, Object> values,
            Map<String, Object> extra, Path logFile) {
        try (TaskLog log = TaskLog.append(logFile)) {
            List<Map<String, Object>> xcoms = PythonCall.xcomEntries(runs.xcoms(dag.dagId(), run.runId(), null));
            for (Callback callback : callbacks) {
                log.info(SOURCE, "Executing " + kind.key() + " " + callback.callable().describe());
                try {
                    PythonResult result = python.run(new PythonCall(PythonCall.Kind.CALLBACK, callback.callable(),
                            List.of(), Map.of(), null, values, extra, xcoms, callback.kwargs(),
                            PythonCall.dagFolder(dag), null, null), environment, log, new ProcessGuard());
                    if (!result.succeeded()) {
                        log.error(SOURCE, kind.key() + " " + callback.callable().describe() + " failed: "
                                + result.describeError());
                    }
                } catch (Exception e) {
                    log.error(SOURCE, kind.key() + " " + callback.callable().describe() + " could not run", e);
                }
            }
        } catch (java.io.IOException e) {
            LOG.warn("cannot write callback log {}", logFile, e);
        }
    }
}
