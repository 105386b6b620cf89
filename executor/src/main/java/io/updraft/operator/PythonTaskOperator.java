package io.updraft.operator;

import io.updraft.api.Operator;
import io.updraft.api.TaskContext;
import io.updraft.dag.PythonCallable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a Python task's callable in the Python runner and turns its result into the try's result. */
final class PythonTaskOperator implements Operator {

    private static final String SOURCE = "python.py";

    private final PythonKind kind;
    private final PythonCallable callable;
    private final List<Object> opArgs;
    private final Map<String, Object> opKwargs;
    private final Object templatesDict;
    private final boolean ignoreDownstreamTriggerRules;
    private final PythonIsolation isolation;
    private final ProcessGuard guard = new ProcessGuard();

    PythonTaskOperator(PythonKind kind, PythonCallable callable, List<Object> opArgs, Map<String, Object> opKwargs,
            Object templatesDict, boolean ignoreDownstreamTriggerRules, PythonIsolation isolation) {
        this.kind = kind;
        this.callable = callable;
        this.opArgs = opArgs;
        this.opKwargs = opKwargs;
        this.templatesDict = templatesDict;
        this.ignoreDownstreamTriggerRules = ignoreDownstreamTriggerRules;
        this.isolation = isolation;
    }

    @Override
    public Object execute(TaskContext context) throws Exception {
        return call(context).returnValue();
    }

    /** Runs the callable: the try's XCom pushes, branch and short-circuit are applied; fails as the callable did. */
    PythonResult call(TaskContext context) throws Exception {
        RunningTask task = RunningTask.of(context);
        task.taskLog().info(SOURCE, "Calling " + callable.describe());
        PythonCall call = PythonCall.ofCallable(callable, opArgs, opKwargs, templatesDict, task);
        Map<String, String> environment = environment(task);
        String python = null;
        if (isolation != null) {
            python = isolation.isExternal() ? isolation.python()
                    : task.python().virtualenvs().interpreter(isolation, environment, task.taskLog(), guard)
                            .toString();
        }
        PythonResult result = task.python().run(python, call, environment, task.taskLog(), guard);
        result.xcomPushes().forEach(context::xcomPush);
        result.throwUnlessSucceeded();
        task.contextAdditions(result.contextAdditions());
        if (kind == PythonKind.BRANCH) {
            context.followOnly(branchIds(result.returnValue()));
        } else if (kind == PythonKind.SHORT_CIRCUIT && !result.truthy()) {
            task.taskLog().info(SOURCE, "Condition result is " + result.returnValue() + ": skipping "
                    + (ignoreDownstreamTriggerRules ? "all downstream tasks" : "direct downstream tasks"));
            context.skipDownstream(ignoreDownstreamTriggerRules);
        }
        return result;
    }

    /** The process environment of a Python task: the host's, with Airflow's AIRFLOW_CTX_* variables. */
    static Map<String, String> environment(RunningTask task) {
        Map<String, String> environment = new LinkedHashMap<>(task.environment());
        environment.putAll(AirflowContextVariables.of(task));
        return environment;
    }

    /** A branch callable returns a task or group id, a list of them, or None (follow nothing). */
    private static List<String> branchIds(Object returned) {
        Object value = io.updraft.run.XComs.decode(returned);  // a tuple of ids too
        if (value == null) {
            return List.of();
        }
        if (value instanceof String id) {
            return List.of(id);
        }
        if (value instanceof List<?> ids && ids.stream().allMatch(String.class::isInstance)) {
            return ids.stream().map(String.class::cast).toList();
        }
        throw new PythonTaskException("a branch callable must return a task id, a task group id, a list of "
                + "them or None, got " + Arguments.describe(value));
    }

    @Override
    public void onKill() {
        guard.kill();
    }
}
