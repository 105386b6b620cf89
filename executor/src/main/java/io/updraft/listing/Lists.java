package io.updraft.listing;

import io.updraft.audit.AuditEvent;
import io.updraft.dag.DagWarningRecord;
import io.updraft.dag.ImportErrorRecord;

/**
 * The list endpoints' reads: filtered, ordered and paged by the store, with the total count of matching rows.
 * Implemented in {@code store}, which alone knows the columns behind filters and sort keys.
 */
public interface Lists {

    Slice<ImportErrorRecord> importErrors(ImportErrorFilter filter, PageRequest<ImportErrorSort> page);

    Slice<DagWarningRecord> dagWarnings(DagWarningFilter filter, PageRequest<DagWarningSort> page);

    Slice<AuditEvent> eventLogs(EventLogFilter filter, PageRequest<EventLogSort> page);
}
