package io.updraft.operator;

import io.updraft.api.FailTaskException;
import io.updraft.api.SkipTaskException;
import java.util.List;
import java.util.Map;

/**
 * What the Python runner reported.
 *
 * @param status success, skip (AirflowSkipException), fail (AirflowFailException) or error
 * @param truthy Python's {@code bool(return_value)}
 * @param contextAdditions the JSON-safe keys the task's code added to its context (read by map_index_template)
 * @param pokeReturnValue the callable returned a sensor's PokeReturnValue: truthy is its is_done, returnValue its
 *     xcom_value
 * @param renderedFields a user-written operator's template fields as rendered (null for other code)
 * @param followed the direct downstream tasks a SkipMixin (a branch) chose to follow; null when it did not branch
 * @param skipAllDownstream a SkipMixin skipped every downstream task (a ShortCircuitOperator ignoring their
 *     trigger rules)
 */
record PythonResult(String status, Object returnValue, boolean truthy, Map<String, Object> xcomPushes,
        String errorType, String message, Map<String, Object> contextAdditions, boolean pokeReturnValue,
        Map<String, Object> renderedFields, List<String> followed, boolean skipAllDownstream) {

    boolean succeeded() {
        return "success".equals(status);
    }

    /** Turns a task's unsuccessful end into the exception that gives the try's state. */
    void throwUnlessSucceeded() {
        switch (status) {
            case "success" -> { }
            case "skip" -> throw new SkipTaskException(message);
            case "fail" -> throw new FailTaskException(describeError());
            default -> throw new PythonTaskException(describeError());
        }
    }

    String describeError() {
        return errorType == null ? message : errorType + ": " + message;
    }
}
