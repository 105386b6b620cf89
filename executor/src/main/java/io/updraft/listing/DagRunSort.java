package io.updraft.listing;

import java.util.List;

/** order_by of DAG runs (v1 and v2; {@code dag_run_id} is v1's run_id). */
public enum DagRunSort implements SortKey {
    ID("id"), STATE("state"), DAG_ID("dag_id"), RUN_ID("run_id", "dag_run_id"), LOGICAL_DATE("logical_date"),
    RUN_AFTER("run_after"), START_DATE("start_date"), END_DATE("end_date"), UPDATED_AT("updated_at"),
    DATA_INTERVAL_START("data_interval_start"), DATA_INTERVAL_END("data_interval_end");

    private final List<String> apiNames;

    DagRunSort(String... apiNames) {
        this.apiNames = List.of(apiNames);
    }

    @Override
    public List<String> apiNames() {
        return apiNames;
    }
}
