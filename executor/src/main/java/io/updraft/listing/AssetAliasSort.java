package io.updraft.listing;

import java.util.List;

/** order_by of asset aliases. */
public enum AssetAliasSort implements SortKey {
    ID("id"), NAME("name");

    private final List<String> apiNames;

    AssetAliasSort(String... apiNames) {
        this.apiNames = List.of(apiNames);
    }

    @Override
    public List<String> apiNames() {
        return apiNames;
    }
}
