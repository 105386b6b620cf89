package io.updraft.listing;

import java.util.List;

/** order_by of asset events. */
public enum AssetEventSort implements SortKey {
    SOURCE_TASK_ID("source_task_id"), SOURCE_DAG_ID("source_dag_id"), SOURCE_RUN_ID("source_run_id"),
    SOURCE_MAP_INDEX("source_map_index"), TIMESTAMP("timestamp"), ID("id");

    private final List<String> apiNames;

    AssetEventSort(String... apiNames) {
        this.apiNames = List.of(apiNames);
    }

    @Override
    public List<String> apiNames() {
        return apiNames;
    }
}
