package io.updraft.store;

/** Persistence of Airflow Variables, listed by key. Thread-safe. */
public interface VariableStore extends VariableReads, KeyedStore<Variable> {
}
