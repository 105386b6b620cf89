package io.updraft.dispatch;

import java.util.Optional;

/**
 * The worker queues of this process's engine, once it runs: empty in a process that has not started one. The wiring
 * hands it to the Task Execution API, which so needs nothing else of the application.
 */
@FunctionalInterface
public interface RunningQueues {

    Optional<WorkerQueues> current();
}
