package io.updraft.listing;

import java.util.List;

/** order_by of DAGs (v1 has no {@code dag_display_name}). */
public enum DagSort implements SortKey {
    DAG_ID("dag_id"), DAG_DISPLAY_NAME("dag_display_name"), NEXT_DAGRUN("next_dagrun"),
    LAST_PARSED_TIME("last_parsed_time");

    private final List<String> apiNames;

    DagSort(String... apiNames) {
        this.apiNames = List.of(apiNames);
    }

    @Override
    public List<String> apiNames() {
        return apiNames;
    }
}
