package io.updraft.config;

import java.util.List;
import java.util.Optional;

/**
 * What running tasks read of the variables: answered by the store in an engine node, and through the Task
 * Execution API on a remote worker. Thread-safe.
 */
public interface VariableReads {

    Optional<Variable> find(String key);

    /** Ordered by key. */
    List<Variable> list(int limit, int offset);
}
