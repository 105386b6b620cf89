package io.updraft.plugins.ml;

import io.updraft.api.Operator;
import io.updraft.api.OperatorProvider;
import io.updraft.api.SkipTaskException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * {@code updraft.ml.ContinueIf}: succeeds when a field of an upstream task's {@code return_value} XCom has the
 * expected value, and is skipped otherwise. Its point is its {@code outlets}: a task emits asset events only when it
 * succeeds, so a monitoring alert (or a new champion) becomes an asset event, which starts the DAGs scheduled on
 * that asset (Airflow's way to react to a condition with assets). Arguments: {@code task} (the upstream task id),
 * {@code field} (a key of its return value, a map), {@code equals} (the value that lets it succeed; compared as
 * text, so {@code true} matches the boolean true).
 */
public final class ContinueIfProvider implements OperatorProvider {

    public static final String NAME = "updraft.ml.ContinueIf";
    private static final String[] ARGS = {"task", "field", "equals"};

    @Override
    public Set<String> operatorNames() {
        return Set.of(NAME);
    }

    @Override
    public void validate(String operatorName, Map<String, Object> arguments) {
        MlArgs args = MlArgs.atLoad(NAME, arguments);
        args.allowOnly(ARGS);
        args.string("task");
        args.string("field");
        if (arguments.get("equals") == null) {
            throw new IllegalArgumentException(NAME + ": argument 'equals' is required");
        }
    }

    @Override
    public Operator create(String operatorName, Map<String, Object> arguments) {
        MlArgs args = MlArgs.atRun(NAME, arguments);
        String task = args.string("task");
        String field = args.string("field");
        String expected = String.valueOf(arguments.get("equals"));
        return context -> {
            Object result = context.xcomPull(task);
            Object actual = result instanceof Map<?, ?> map ? map.get(field) : null;
            if (!Objects.equals(expected, actual == null ? null : String.valueOf(actual))) {
                throw new SkipTaskException(task + "'s " + field + " is " + actual + ", not " + expected
                        + "; nothing to emit");
            }
            context.log().printf("%s's %s is %s: succeeding, so this task's outlets emit their asset events%n",
                    task, field, actual);
            return Map.of("task", task, "field", field, "value", expected);
        };
    }
}
