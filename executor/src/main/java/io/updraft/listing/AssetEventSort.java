package io.updraft.listing;

/** order_by of asset events. */
public enum AssetEventSort implements SortKey {
    SOURCE_TASK_ID, SOURCE_DAG_ID, SOURCE_RUN_ID, SOURCE_MAP_INDEX, TIMESTAMP, ID
}
