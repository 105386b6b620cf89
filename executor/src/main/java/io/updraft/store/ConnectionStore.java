package io.updraft.store;

import java.util.List;

/** Persistence of Airflow Connections. Thread-safe. */
public interface ConnectionStore extends ConnectionReads {

    long count();

    /** Creates or replaces. */
    void put(Connection connection);

    /** @return false when there was no such connection */
    boolean delete(String connectionId);

    /** Creates or replaces them all in one transaction: all or none. */
    void putAll(List<Connection> connections);

    /** Deletes them all in one transaction; missing ones are ignored. */
    void deleteAll(List<String> connectionIds);
}
