package io.updraft.listing;

import java.util.List;

/** order_by of assets. */
public enum AssetSort implements SortKey {
    ID("id"), NAME("name"), URI("uri"), CREATED_AT("created_at"), UPDATED_AT("updated_at");

    private final List<String> apiNames;

    AssetSort(String... apiNames) {
        this.apiNames = List.of(apiNames);
    }

    @Override
    public List<String> apiNames() {
        return apiNames;
    }
}
