package io.updraft.audit;

import java.time.Instant;

/**
 * One entry of the audit log, with Airflow's fields ({@code Log}): when, which event, who ({@code owner}), on which
 * DAG, run and task; {@code extra} is JSON text (the request's masked parameters, its method and client address).
 *
 * @param id null until stored
 */
public record AuditEvent(Long id, Instant when, String event, String owner, String dagId, String runId,
        String taskId, Integer mapIndex, Integer tryNumber, Instant logicalDate, String extra) {

    /** A new event (not stored yet). */
    public static AuditEvent of(Instant when, String event, String owner, String dagId, String runId, String taskId,
            String extra) {
        return new AuditEvent(null, when, event, owner, dagId, runId, taskId, null, null, null, extra);
    }
}
