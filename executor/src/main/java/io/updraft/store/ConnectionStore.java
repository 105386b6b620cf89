package io.updraft.store;

import java.util.List;
import java.util.Optional;

/** Persistence of Airflow Connections. Thread-safe. */
public interface ConnectionStore {

    Optional<Connection> find(String connectionId);

    /** Ordered by connection id. */
    List<Connection> list(int limit, int offset);

    long count();

    /** Creates or replaces. */
    void put(Connection connection);

    /** @return false when there was no such connection */
    boolean delete(String connectionId);
}
