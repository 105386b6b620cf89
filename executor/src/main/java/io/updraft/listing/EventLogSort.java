package io.updraft.listing;

import java.util.List;

/** order_by of the audit log (v1 and v2). */
public enum EventLogSort implements SortKey {
    ID("id", "event_log_id"), WHEN("dttm", "when"), DAG_ID("dag_id"), TASK_ID("task_id"), RUN_ID("run_id"),
    EVENT("event"), LOGICAL_DATE("logical_date"), OWNER("owner"), EXTRA("extra");

    private final List<String> apiNames;

    EventLogSort(String... apiNames) {
        this.apiNames = List.of(apiNames);
    }

    @Override
    public List<String> apiNames() {
        return apiNames;
    }
}
