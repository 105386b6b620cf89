package io.updraft.run;

import java.time.Instant;

/**
 * Where tries run: in this process, or on remote workers that take them from a queue (Airflow's task {@code queue}).
 * The engine queues a remote try (state queued), learns when a worker starts it (running) and how it ended.
 */
public interface RemoteTries {

    /** How a remote try's progress reaches the engine; both may be called from any thread. */
    interface Listener {
        void claimed(TaskAttempt attempt, String hostname, Instant startedAt);

        /** Called once per offered try. */
        void ended(TaskAttempt attempt, TaskOutcome outcome, Instant endedAt);
    }

    /** Whether tries of tasks on this queue run in this process. */
    boolean runsLocally(String queue);

    /**
     * Hands a try to the workers serving its queue. Killing the attempt's switch withdraws a try no worker took and
     * asks the worker of a started one to kill it.
     */
    void offer(TaskAttempt attempt, Listener listener);

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
    };
}
