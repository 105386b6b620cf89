package io.updraft.run;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/** What the engine loop hands to the decision step: everything that can change a run's state. */
sealed interface EngineEvent {

    /** A run to take on: created by this engine, found queued in the store, or left unfinished by a dead process. */
    record RunCreated(StoredRun stored) implements EngineEvent {
    }

    /**
     * A try ended. Fenced: it counts only while its instance is still running that try number in this engine.
     *
     * @param attempt the try as it was started (its callbacks run with it)
     * @param stored completed once the step that took the end in has committed (null: nobody waits)
     */
    record TryFinished(long runId, TaskAttempt attempt, TaskOutcome outcome, Instant endedAt,
                       CompletableFuture<Void> stored) implements EngineEvent {

        TryFinished(long runId, TaskAttempt attempt, TaskOutcome outcome, Instant endedAt) {
            this(runId, attempt, outcome, endedAt, null);
        }
    }

    /** A worker started a queued remote try: the instance turns running. */
    record TryClaimed(long runId, TaskAttempt attempt, String hostname, Instant startedAt) implements EngineEvent {
    }

    /** A deferred instance's trigger fired (or timed out): the same try resumes. */
    record TriggerFired(long runId, TaskInstanceKey key, int tryNumber, java.util.Map<String, Object> event)
            implements EngineEvent {
    }

    /** Nothing happened: a timer or a poll is due, or the engine is closing. */
    record Wake() implements EngineEvent {
    }

    /** A change asked for from outside (clear, mark state, note, XCom, delete), applied in the decision step. */
    record Operation(String dagId, String runId, OperationBody body, CompletableFuture<Object> result)
            implements EngineEvent {
    }

    /** Deletes a run, held or not (a finished run, or one of a DAG no longer loaded, is just rows). */
    record DeleteRun(String dagId, String runId, CompletableFuture<Object> result) implements EngineEvent {
    }

    /** The change itself: reads and changes the run's in-memory copy and records its writes in the step. */
    @FunctionalInterface
    interface OperationBody {
        Object apply(RunOperations operations, ActiveRun run, Decider.Step step);
    }
}
