package io.updraft.api;

/**
 * One kind of task: what runs when a task instance of this operator is executed.
 *
 * <p>An instance is created for each try by its {@link OperatorProvider}, with the task's arguments already
 * rendered, so implementations need not be thread-safe.
 */
@FunctionalInterface
public interface Operator {

    /**
     * Runs one try of the task.
     *
     * @return the value pushed to XCom under {@code return_value} (null pushes nothing). It must be
     *     JSON-serialisable: null, String, Number, Boolean, List or Map of those.
     * @throws SkipTaskException to end the try as {@code skipped}
     * @throws FailTaskException to end the task as {@code failed} without retrying
     * @throws Exception any other failure ends the try as {@code up_for_retry} when retries remain, else {@code failed}
     */
    Object execute(TaskContext context) throws Exception;

    /** Called from another thread when the try is killed (execution_timeout, shutdown); stop promptly. */
    default void onKill() {
    }
}
