package io.updraft.listing;

import java.util.List;

/** order_by of DAG versions (one bundle, the DAG folder: its name sorts by DAG, its version by id). */
public enum DagVersionSort implements SortKey {
    ID, VERSION_NUMBER, BUNDLE_NAME;

    @Override
    public List<String> aliases() {
        return this == ID ? List.of("bundle_version") : List.of();
    }
}
