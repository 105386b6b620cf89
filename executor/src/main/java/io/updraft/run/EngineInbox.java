package io.updraft.run;

import java.time.Duration;
import java.util.List;

/**
 * Requests from one engine node to another through the database: the node that drives a run applies the changes
 * other nodes ask for, and answers. Thread-safe.
 */
public interface EngineInbox {

    /** A request waiting in a node's inbox. */
    record Pending(long id, String request) {
    }

    /** @return the request's id */
    long send(long ownerJobId, String request);

    /** The requests waiting for this node, oldest first. */
    List<Pending> pending(long ownerJobId, int limit);

    /** Answers a request: its result, or why it failed. */
    void answer(long id, boolean succeeded, String answer);

    /**
     * Waits for the answer to a request.
     *
     * @throws IllegalStateException with the other node's reason when the request failed
     * @throws java.util.concurrent.TimeoutException when no answer came in time
     */
    String await(long id, Duration timeout) throws java.util.concurrent.TimeoutException, InterruptedException;
}
