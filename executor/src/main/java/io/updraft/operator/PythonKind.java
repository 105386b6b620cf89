package io.updraft.operator;

/** What a Python task does with its callable's result. */
enum PythonKind {
    /** PythonOperator, {@code @task}: the result is the return value */
    PLAIN,
    /** BranchPythonOperator, {@code @task.branch}: the result names the downstream tasks to follow */
    BRANCH,
    /** ShortCircuitOperator, {@code @task.short_circuit}: a falsy result skips downstream tasks */
    SHORT_CIRCUIT
}
