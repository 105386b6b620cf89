package io.updraft.config;

/** Persistence of Airflow Variables, listed by key. Thread-safe. */
public interface VariableStore extends VariableReads, KeyedStore<Variable> {
}
