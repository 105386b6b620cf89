/**
 * The audit log, as Airflow's event log: every write through the API ({@link io.updraft.audit.ApiAuditFilter}),
 * the web UI and the CLI ({@link io.updraft.audit.CliAudit}), stored through the {@link io.updraft.audit.AuditLog}
 * interface (implemented in {@code io.updraft.store}) by the {@link io.updraft.audit.AuditWriter}. The
 * {@code eventLogs} endpoints are in {@code io.updraft.rest.audit}.
 */
package io.updraft.audit;
