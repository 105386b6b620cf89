package io.updraft.listing;

/** order_by of assets. */
public enum AssetSort implements SortKey {
    ID, NAME, URI, CREATED_AT, UPDATED_AT
}
