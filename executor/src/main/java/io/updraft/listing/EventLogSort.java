package io.updraft.listing;

import java.util.List;

/** order_by of the audit log (v1 and v2). */
public enum EventLogSort implements SortKey {
    ID, WHEN, DAG_ID, TASK_ID, RUN_ID, EVENT, LOGICAL_DATE, OWNER, EXTRA;

    @Override
    public List<String> aliases() {
        return switch (this) {
            case ID -> List.of("event_log_id");
            case WHEN -> List.of("dttm");
            default -> List.of();
        };
    }
}
