package io.updraft.operator;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code AIRFLOW_CTX_*} environment variables Airflow gives Bash commands and Python callables. */
final class AirflowContextVariables {

    private AirflowContextVariables() {
    }

    static Map<String, String> of(RunningTask task) {
        Map<String, String> variables = new LinkedHashMap<>();
        variables.put("AIRFLOW_CTX_DAG_OWNER", task.setup().attempt().task().owner());
        variables.put("AIRFLOW_CTX_DAG_ID", task.dagId());
        variables.put("AIRFLOW_CTX_TASK_ID", task.taskId());
        Object logicalDate = task.contextValues().get("logical_date");
        if (logicalDate != null) {
            variables.put("AIRFLOW_CTX_LOGICAL_DATE", (String) logicalDate);
        }
        variables.put("AIRFLOW_CTX_TRY_NUMBER", String.valueOf(task.tryNumber()));
        variables.put("AIRFLOW_CTX_DAG_RUN_ID", task.runId());
        return variables;
    }
}
