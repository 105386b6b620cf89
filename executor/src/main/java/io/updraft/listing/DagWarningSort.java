package io.updraft.listing;

import java.util.List;

/** order_by of DAG warnings. */
public enum DagWarningSort implements SortKey {
    DAG_ID("dag_id"), WARNING_TYPE("warning_type"), MESSAGE("message"), TIMESTAMP("timestamp"), ID("id");

    private final List<String> apiNames;

    DagWarningSort(String... apiNames) {
        this.apiNames = List.of(apiNames);
    }

    @Override
    public List<String> apiNames() {
        return apiNames;
    }
}
