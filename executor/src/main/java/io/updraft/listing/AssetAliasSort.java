package io.updraft.listing;

/** order_by of asset aliases. */
public enum AssetAliasSort implements SortKey {
    ID, NAME
}
