package io.updraft.listing;

import java.util.List;

/** order_by of task instances (v1 and v2). */
public enum TaskInstanceSort implements SortKey {
    ID("id"), TASK_ID("task_id"), DAG_ID("dag_id"), RUN_ID("run_id"), MAP_INDEX("map_index"), STATE("state"),
    START_DATE("start_date"), END_DATE("end_date"), DURATION("duration"), TRY_NUMBER("try_number"), POOL("pool"),
    QUEUE("queue"), PRIORITY_WEIGHT("priority_weight"), OPERATOR("operator"), UPDATED_AT("updated_at");

    private final List<String> apiNames;

    TaskInstanceSort(String... apiNames) {
        this.apiNames = List.of(apiNames);
    }

    @Override
    public List<String> apiNames() {
        return apiNames;
    }
}
