package io.updraft.run;

import io.updraft.dag.CallbackKind;
import io.updraft.dag.Dag;
import java.util.concurrent.CompletableFuture;

/** What the decision step asks the engine loop to do once the step's changes are committed. */
sealed interface Effect {

    /** Start a try of an instance the step set running. */
    record StartTry(ActiveRun run, TaskInstanceKey key) implements Effect {
    }

    /** Take over a try a dead engine left with the remote workers. */
    record AdoptTry(ActiveRun run, TaskInstanceKey key) implements Effect {
    }

    /** Kill a running try whose outcome no longer counts; {@code why} ends up in its log. */
    record KillTry(TaskInstanceKey key, String why) implements Effect {
    }

    /** Hold a deferred instance's trigger until it fires. */
    record Defer(long runId, TaskWait taskWait) implements Effect {
    }

    record TaskCallbacks(TaskAttempt attempt, CallbackKind kind, String error) implements Effect {
    }

    record DagCallbacks(Dag dag, DagRun run, CallbackKind kind, String reason) implements Effect {
    }

    /** A run reached success or failed: its waiters are told. */
    record RunFinished(DagRun run) implements Effect {
    }

    /** An operation's answer. */
    record Answer(CompletableFuture<Object> result, Object value) implements Effect {
    }
}
