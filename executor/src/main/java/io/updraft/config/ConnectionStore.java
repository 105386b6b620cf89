package io.updraft.config;

/** Persistence of Airflow Connections, listed by connection id. Thread-safe. */
public interface ConnectionStore extends ConnectionReads, KeyedStore<Connection> {
}
