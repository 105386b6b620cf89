package io.updraft.listing;

import java.util.List;

/** DAG warnings of one DAG and one type (null: any), among {@code types}. */
public record DagWarningFilter(String dagId, String warningType, List<String> types) {

    public DagWarningFilter {
        types = List.copyOf(types);
    }
}
