package io.updraft.run;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;

/** Retries waiting for their time (retry_delay), soonest first. Engine thread only. */
final class RetryQueue {

    /** A retry of an instance of a run, due at a time. */
    record Due(Instant at, long runId, TaskInstanceKey key) {
    }

    private final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) -> a.at().compareTo(b.at()));

    void add(Instant at, long runId, TaskInstanceKey key) {
        queue.add(new Due(at, runId, key));
    }

    /** When the next retry is due; null when none waits. */
    Instant next() {
        Due first = queue.peek();
        return first == null ? null : first.at();
    }

    /** Takes out the retries due by {@code now}. */
    List<Due> takeDue(Instant now) {
        List<Due> due = new ArrayList<>();
        while (!queue.isEmpty() && !queue.peek().at().isAfter(now)) {
            due.add(queue.poll());
        }
        return due;
    }
}
