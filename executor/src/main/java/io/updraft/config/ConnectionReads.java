package io.updraft.config;

import java.util.List;
import java.util.Optional;

/**
 * What running tasks read of the connections: answered by the store in an engine node, and through the Task
 * Execution API on a remote worker. Thread-safe.
 */
public interface ConnectionReads {

    Optional<Connection> find(String connectionId);

    /** Ordered by connection id. */
    List<Connection> list(int limit, int offset);
}
