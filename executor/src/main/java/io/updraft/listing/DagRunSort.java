package io.updraft.listing;

import java.util.List;

/** order_by of DAG runs (v1 and v2; {@code dag_run_id} is v1's run_id). */
public enum DagRunSort implements SortKey {
    ID, STATE, DAG_ID, RUN_ID, LOGICAL_DATE, RUN_AFTER, START_DATE, END_DATE, UPDATED_AT, DATA_INTERVAL_START,
    DATA_INTERVAL_END;

    @Override
    public List<String> aliases() {
        return this == RUN_ID ? List.of("dag_run_id") : List.of();
    }
}
