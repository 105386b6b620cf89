package io.updraft.listing;

/** order_by of DAG warnings. */
public enum DagWarningSort implements SortKey {
    DAG_ID, WARNING_TYPE, MESSAGE, TIMESTAMP, ID
}
