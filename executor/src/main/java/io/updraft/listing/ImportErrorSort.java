package io.updraft.listing;

import java.util.List;

/** order_by of import errors (v1 and v2). */
public enum ImportErrorSort implements SortKey {
    ID("id", "import_error_id"), TIMESTAMP("timestamp"), FILENAME("filename");

    private final List<String> apiNames;

    ImportErrorSort(String... apiNames) {
        this.apiNames = List.of(apiNames);
    }

    @Override
    public List<String> apiNames() {
        return apiNames;
    }
}
