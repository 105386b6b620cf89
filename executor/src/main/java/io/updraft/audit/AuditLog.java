package io.updraft.audit;

import java.util.List;
import java.util.Optional;

/**
 * The stored audit log (Airflow's {@code event_log}; implemented in {@code io.updraft.store}, whose {@code
 * Lists.eventLogs} pages it). Thread-safe.
 */
public interface AuditLog {

    /** Stores the event; ids and names longer than their columns are cut, so recording never fails on input. */
    default void record(AuditEvent event) {
        recordAll(List.of(event));
    }

    /** Stores the events in one transaction. */
    void recordAll(List<AuditEvent> events);

    Optional<AuditEvent> find(long id);
}
