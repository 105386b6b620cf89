package io.updraft.run;

import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Where tries run: in this process, or on remote workers that take them from a queue (Airflow's task {@code queue}).
 * The engine queues a remote try (state queued), learns when a worker starts it (running) and how it ended.
 */
public interface RemoteTries {

    /** How a remote try's progress reaches the engine; both may be called from any thread. */
    interface Listener {
        void claimed(TaskAttempt attempt, String hostname, Instant startedAt);

        /**
         * Called once per offered try.
         *
         * @return completed once the engine has stored the end (or refused it, for a try that no longer counts)
         */
        CompletableFuture<Void> ended(TaskAttempt attempt, TaskOutcome outcome, Instant endedAt);
    }

    /** Whether tries of tasks on this queue run in this process. */
    boolean runsLocally(String queue);

    /**
     * Hands a try to the workers serving its queue. Killing the attempt's switch withdraws a try no worker took and
     * asks the worker of a started one to kill it.
     */
    void offer(TaskAttempt attempt, Listener listener);

    /**
     * Whether a try that a dead engine queued for the workers is still with them (waiting, running, or ended
     * unreported): the engine taking its run over adopts it instead of failing it.
     */
    boolean adoptable(TaskInstance taskInstance);

    /** Takes over a try {@link #adoptable} said a dead engine left with the workers; as {@link #offer} from then on. */
    void adopt(TaskAttempt attempt, Listener listener);

    /** Every try runs in this process. */
    RemoteTries NONE = new RemoteTries() {
        @Override
        public boolean runsLocally(String queue) {
            return true;
        }

        @Override
        public void offer(TaskAttempt attempt, Listener listener) {
            throw new IllegalStateException("no remote workers are configured");
        }

        @Override
        public boolean adoptable(TaskInstance taskInstance) {
            return false;
        }

        @Override
        public void adopt(TaskAttempt attempt, Listener listener) {
            throw new IllegalStateException("no remote workers are configured");
        }
    };
}
