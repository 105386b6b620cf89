package io.updraft.audit;

import java.util.Map;

/**
 * Airflow's event names for the API's writes: the name of the endpoint function that serves them (Airflow 3's
 * for {@code /api/v2}, Airflow 2's for {@code /api/v1}), keyed by our controller method. A route that is not here
 * (reads, dry runs, list POSTs, predictions) is not audited.
 */
final class ApiEvents {

    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("BackfillsController.create", "create_backfill"),
            Map.entry("BackfillsController.pause", "pause_backfill"),
            Map.entry("BackfillsController.unpause", "unpause_backfill"),
            Map.entry("BackfillsController.cancel", "cancel_backfill"),
            Map.entry("ConnectionsController.create", "post_connection"),
            Map.entry("ConnectionsController.update", "patch_connection"),
            Map.entry("ConnectionsController.bulk", "bulk_connections"),
            Map.entry("ConnectionsController.delete", "delete_connection"),
            Map.entry("DagRunsController.trigger", "trigger_dag_run"),
            Map.entry("DagRunsController.patch", "patch_dag_run"),
            Map.entry("DagRunsController.delete", "delete_dag_run"),
            Map.entry("DagRunsController.clear", "clear_dag_run"),
            Map.entry("DagsController.patchMany", "patch_dags"),
            Map.entry("DagsController.patch", "patch_dag"),
            Map.entry("DagsController.delete", "delete_dag"),
            Map.entry("PoolsController.create", "post_pool"),
            Map.entry("PoolsController.update", "patch_pool"),
            Map.entry("PoolsController.bulk", "bulk_pools"),
            Map.entry("PoolsController.delete", "delete_pool"),
            Map.entry("TaskInstancesController.patch", "patch_task_instance"),
            Map.entry("TaskInstancesController.patchMapped", "patch_task_instance"),
            Map.entry("TaskInstancesController.clearTaskInstances", "post_clear_task_instances"),
            Map.entry("TaskInstancesController.delete", "delete_task_instance"),
            Map.entry("VariablesController.create", "post_variable"),
            Map.entry("VariablesController.update", "patch_variable"),
            Map.entry("VariablesController.bulk", "bulk_variables"),
            Map.entry("VariablesController.delete", "delete_variable"),
            Map.entry("XComsController.create", "create_xcom_entry"),
            Map.entry("XComsController.update", "update_xcom_entry"),
            Map.entry("V1DagRunsController.trigger", "post_dag_run"),
            Map.entry("V1DagRunsController.patch", "update_dag_run_state"),
            Map.entry("V1DagRunsController.setNote", "set_dag_run_note"),
            Map.entry("V1DagRunsController.delete", "delete_dag_run"),
            Map.entry("V1DagRunsController.clear", "clear_dag_run"),
            Map.entry("V1DagsController.patch", "patch_dag"),
            Map.entry("V1PoolsController.create", "post_pool"),
            Map.entry("V1PoolsController.update", "patch_pool"),
            Map.entry("V1PoolsController.delete", "delete_pool"),
            Map.entry("V1TaskInstanceStatesController.updateTaskInstancesState", "post_set_task_instances_state"),
            Map.entry("V1TaskInstanceStatesController.patchTaskInstance", "patch_task_instance"),
            Map.entry("V1VariablesController.create", "post_variables"),
            Map.entry("V1VariablesController.update", "patch_variable"),
            Map.entry("V1VariablesController.delete", "delete_variable"),
            Map.entry("ModelsController.promote", "promote_model"),
            Map.entry("ModelsController.rollback", "rollback_model"));

    private ApiEvents() {
    }

    /** The event name, or null when the route is not audited. */
    static String of(String controller, String method) {
        return NAMES.get(controller + "." + method);
    }
}
