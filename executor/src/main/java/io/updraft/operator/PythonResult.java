package io.updraft.operator;

import java.util.Map;

/**
 * What the Python runner reported.
 *
 * @param status success, skip (AirflowSkipException), fail (AirflowFailException) or error
 * @param truthy Python's {@code bool(return_value)}
 */
record PythonResult(String status, Object returnValue, boolean truthy, Map<String, Object> xcomPushes,
        String errorType, String message) {

    boolean succeeded() {
        return "success".equals(status);
    }

    String describeError() {
        return errorType == null ? message : errorType + ": " + message;
    }
}
