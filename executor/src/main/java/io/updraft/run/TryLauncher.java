package io.updraft.run;

import io.updraft.dag.CallbackKind;
import io.updraft.dag.Dag;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tries on a pool of {@code parallelism} threads through the {@link TaskRunner}, with their execution
 * timeouts, and the callbacks on a thread of their own; each try's end is handed back as an event. Thread-safe.
 */
final class TryLauncher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TryLauncher.class);

    /** How a try's end reaches the engine: the outcome and when the try ended. */
    interface Ended {
        void ended(TaskAttempt attempt, TaskOutcome outcome, Instant endedAt);
    }

    private final TaskRunner runner;
    private final Clock clock;
    private final ExecutorService workers;
    private final ExecutorService callbacks;
    private final ScheduledExecutorService timers;

    TryLauncher(TaskRunner runner, int parallelism, Clock clock) {
        this.runner = runner;
        this.clock = clock;
        this.workers = Executors.newFixedThreadPool(parallelism, named("updraft-worker"));
        this.callbacks = Executors.newSingleThreadExecutor(named("updraft-callbacks"));
        this.timers = Executors.newSingleThreadScheduledExecutor(named("updraft-timer"));
    }

    static ThreadFactory named(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    void launch(TaskAttempt attempt, Ended ended) {
        if (attempt.task().executionTimeout() != null) {
            timers.schedule(() -> attempt.killSwitch().kill("Timeout: the task exceeded its execution_timeout of "
                    + attempt.task().executionTimeout()), attempt.task().executionTimeout().toNanos(),
                    TimeUnit.NANOSECONDS);
        }
        workers.execute(() -> ended.ended(attempt, execute(attempt), clock.instant()));
    }

    /** Runs on a worker thread. */
    private TaskOutcome execute(TaskAttempt attempt) {
        try {
            Files.createDirectories(attempt.logFile().getParent());
            if (!attempt.task().callbacks(CallbackKind.ON_EXECUTE).isEmpty()) {
                runner.runTaskCallbacks(attempt, CallbackKind.ON_EXECUTE, null);
            }
            return runner.run(attempt);
        } catch (Throwable e) {
            LOG.error("Task runner failed on {}", attempt.taskInstance().key(), e);
            return TaskOutcome.failed("The task runner failed: " + e);
        }
    }

    void taskCallbacks(TaskAttempt attempt, CallbackKind kind, String error) {
        callbacks.execute(() -> runner.runTaskCallbacks(attempt, kind, error));
    }

    void dagCallbacks(Dag dag, DagRun run, CallbackKind kind, String reason) {
        callbacks.execute(() -> runner.runDagCallbacks(dag, run, kind, reason));
    }

    @Override
    public void close() {
        workers.shutdownNow();
        timers.shutdownNow();
        callbacks.shutdown();
        try {
            callbacks.awaitTermination(10, TimeUnit.SECONDS);
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
