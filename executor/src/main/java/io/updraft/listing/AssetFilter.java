package io.updraft.listing;

import java.util.List;

/**
 * Which assets a list shows (null: no criterion): name and URI patterns (case-insensitive, anywhere; {@code ~}
 * matches all) and prefixes, only the active ones, and these stored ids (an empty list matches nothing).
 */
public record AssetFilter(String namePattern, String uriPattern, String namePrefix, String uriPrefix,
                          boolean onlyActive, List<Long> ids) {

    public AssetFilter {
        ids = ids == null ? null : List.copyOf(ids);
    }
}
