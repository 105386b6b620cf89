package io.updraft.listing;

/** order_by of DAGs (v1 has no {@code dag_display_name}). */
public enum DagSort implements SortKey {
    DAG_ID, DAG_DISPLAY_NAME, NEXT_DAGRUN, LAST_PARSED_TIME
}
