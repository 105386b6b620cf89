package io.updraft.listing;

/** order_by of task instances (v1 and v2). */
public enum TaskInstanceSort implements SortKey {
    ID, TASK_ID, DAG_ID, RUN_ID, MAP_INDEX, STATE, START_DATE, END_DATE, DURATION, TRY_NUMBER, POOL, QUEUE,
    PRIORITY_WEIGHT, OPERATOR, UPDATED_AT
}
