package io.updraft.dag;

/**
 * A reference to an upstream task's XCom inside a task's arguments ({@code request.output} in {@code expand}, or
 * {@code +request} / {@code +request['key']} in a TaskFlow task); resolved when the task runs.
 */
public record XComArg(String taskId, String key) {

    public static XComArg returnValue(String taskId) {
        return new XComArg(taskId, "return_value");
    }
}
