package io.updraft.listing;

import java.util.List;

/** order_by of import errors (v1 and v2). */
public enum ImportErrorSort implements SortKey {
    ID, TIMESTAMP, FILENAME;

    @Override
    public List<String> aliases() {
        return this == ID ? List.of("import_error_id") : List.of();
    }
}
