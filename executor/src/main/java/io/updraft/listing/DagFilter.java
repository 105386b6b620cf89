package io.updraft.listing;

import java.util.List;

/**
 * Which DAGs a list shows (null: no criterion): Airflow's id and display-name patterns, paused, stale and
 * import-error flags, tags (any, or all with {@code tagsMatchAll}), owners (any), and an id list (null: any).
 */
public record DagFilter(String dagIdPattern, String displayNamePattern, Boolean paused, Boolean stale,
                        Boolean hasImportErrors, List<String> tags, boolean tagsMatchAll, List<String> owners,
                        List<String> dagIds) {

    public DagFilter {
        tags = List.copyOf(tags);
        owners = List.copyOf(owners);
        dagIds = dagIds == null ? null : List.copyOf(dagIds);
    }

    /** Exactly these DAGs. */
    public static DagFilter ids(List<String> dagIds) {
        return new DagFilter(null, null, null, null, null, List.of(), false, List.of(), dagIds);
    }
}
