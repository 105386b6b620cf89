package io.updraft.store;

import java.util.List;

/** Persistence of Airflow Variables. Thread-safe. */
public interface VariableStore extends VariableReads {

    long count();

    /** Creates or replaces. */
    void put(Variable variable);

    /** @return false when there was no such variable */
    boolean delete(String key);

    /** Creates or replaces them all in one transaction: all or none. */
    void putAll(List<Variable> variables);

    /** Deletes them all in one transaction; missing ones are ignored. */
    void deleteAll(List<String> keys);
}
