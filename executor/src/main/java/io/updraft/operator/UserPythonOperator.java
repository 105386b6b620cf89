package io.updraft.operator;

import io.updraft.api.Operator;
import io.updraft.api.TaskContext;
import io.updraft.dag.Dag;
import io.updraft.dag.PythonCallable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One try of a user-written operator class in the Python runner: the class is built with the task's arguments,
 * its {@code template_fields} get the values rendered here (a field that failed to render fails the task there),
 * then {@code pre_execute}, {@code execute(context)}, {@code post_execute} run; a kill calls {@code on_kill}. The
 * fields as rendered become the try's rendered fields; a SkipMixin's choice (BaseBranchOperator, BranchMixIn) the
 * branches followed.
 */
final class UserPythonOperator implements Operator {

    private static final String SOURCE = "python.py";

    private final String className;
    private final Map<String, Object> arguments;
    private final ProcessGuard guard = new ProcessGuard();

    UserPythonOperator(String className, Map<String, Object> arguments) {
        this.className = className;
        this.arguments = arguments;
    }

    @Override
    public Object execute(TaskContext context) throws Exception {
        RunningTask task = RunningTask.of(context);
        Map<String, Object> raw = new LinkedHashMap<>();
        Map<String, Object> rendered = new LinkedHashMap<>();
        Map<String, Object> errors = new LinkedHashMap<>();
        boolean nativeTypes = task.setup().attempt().dag().renderTemplateAsNativeObj();
        arguments.forEach((name, value) -> {
            if (value instanceof PythonCallable callable) {
                raw.put(name, Map.of("__updraft_callable__", PythonCall.callableSpec(callable)));
                return;
            }
            raw.put(name, value);
            try {
                rendered.put(name, task.setup().renderer().renderField(name, value, task.setup().jinjaContext(),
                        nativeTypes));
            } catch (RuntimeException e) {
                errors.put(name, e.getMessage());
            }
        });
        Map<String, Object> operator = new LinkedHashMap<>();
        operator.put("class", className);
        operator.put("arguments", raw);
        operator.put("rendered", rendered);
        operator.put("render_errors", errors);
        operator.put("graph", graph(task.setup().attempt().dag()));
        task.taskLog().info(SOURCE, "Running " + className);
        PythonCall call = PythonCall.ofCallable(null, java.util.List.of(), Map.of(), null, task).withOperator(operator);
        PythonResult result = task.python().run(call, PythonTaskOperator.environment(task), task.taskLog(), guard);
        result.xcomPushes().forEach(context::xcomPush);
        if (result.renderedFields() != null) {
            task.renderedFields(result.renderedFields());
        }
        result.throwUnlessSucceeded();
        task.contextAdditions(result.contextAdditions());
        if (result.skipAllDownstream()) {
            context.skipDownstream(true);
        } else if (result.followed() != null) {
            context.followOnly(result.followed());
        }
        return result.returnValue();
    }

    /** What SkipMixin needs of the DAG: each task's direct downstream tasks and each group's root tasks. */
    private static Map<String, Object> graph(Dag dag) {
        Map<String, Object> downstream = new LinkedHashMap<>();
        dag.tasks().keySet().forEach(id -> downstream.put(id, dag.downstream(id).stream().sorted().toList()));
        Map<String, Object> groups = new LinkedHashMap<>();
        dag.taskGroups().keySet().forEach(id -> groups.put(id, BranchTargets.groupRoots(dag, id)));
        return Map.of("downstream", downstream, "groups", groups);
    }

    @Override
    public void onKill() {
        guard.kill();
    }
}
