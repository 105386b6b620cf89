package io.updraft.listing;

import java.util.List;

/** order_by of DAG versions (one bundle, the DAG folder: its name sorts by DAG, its version by id). */
public enum DagVersionSort implements SortKey {
    ID("id", "bundle_version"), VERSION_NUMBER("version_number"), BUNDLE_NAME("bundle_name");

    private final List<String> apiNames;

    DagVersionSort(String... apiNames) {
        this.apiNames = List.of(apiNames);
    }

    @Override
    public List<String> apiNames() {
        return apiNames;
    }
}
