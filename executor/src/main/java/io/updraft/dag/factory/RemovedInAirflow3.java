package io.updraft.dag.factory;

import java.util.Map;

/**
 * Names a DAG file may still use that Airflow 3 (3.3.2 with dag-factory 1.1.0) refuses to import: refused here too,
 * with what to write instead, rather than run with Airflow 2's meaning. Checked against a real Airflow 3.3.2.
 */
final class RemovedInAirflow3 {

    private static final String HTTP_OPERATOR = "airflow.providers.http.operators.http.HttpOperator";
    private static final String EMPTY_OPERATOR = "airflow.providers.standard.operators.empty.EmptyOperator";
    private static final String BASH_OPERATOR = "airflow.providers.standard.operators.bash.BashOperator";

    /** Operator class paths Airflow 3 cannot import, with their replacement. */
    private static final Map<String, String> OPERATORS = Map.of(
            "airflow.providers.http.operators.http.SimpleHttpOperator", HTTP_OPERATOR,
            "airflow.operators.http_operator.SimpleHttpOperator", HTTP_OPERATOR,
            "airflow.operators.dummy.DummyOperator", EMPTY_OPERATOR,
            "airflow.operators.dummy_operator.DummyOperator", EMPTY_OPERATOR,
            "airflow.operators.bash_operator.BashOperator", BASH_OPERATOR);

    private RemovedInAirflow3() {
    }

    /** Why Airflow 3 refuses this operator or decorator path, or null when it does not. */
    static String operator(String path) {
        String replacement = OPERATORS.get(path);
        return replacement == null ? null : "'" + path + "' no longer exists in Airflow 3; use '" + replacement + "'";
    }

    /** Why Airflow 3 refuses this trigger rule (Airflow 2's aliases), or null when it does not. */
    static String triggerRule(String rule) {
        String trimmed = rule.trim();
        if (trimmed.equals("dummy")) {
            return "trigger_rule 'dummy' was removed in Airflow 3; use 'always'";
        }
        if (trimmed.equals("none_failed_or_skipped")) {
            return "trigger_rule 'none_failed_or_skipped' was removed in Airflow 3; use 'none_failed_min_one_success'";
        }
        return null;
    }

    /** Why Airflow 3 refuses this {@code __type__}, or null when it does not. */
    static String type(String type) {
        if (type.startsWith("airflow.datasets.") && !AssetReader.isAirflow2AssetType(type)) {
            return "'" + type + "': Airflow 3 removed the module airflow.datasets; use airflow.sdk.Asset (or "
                    + "airflow.sdk.AssetAll / AssetAny)";
        }
        return null;
    }

    /** Records an error for each {@code __type__} anywhere in a DAG's config that Airflow 3 cannot import. */
    static void checkTypes(Object value, ConfigPath path, ConfigErrors errors) {
        if (value instanceof Map<?, ?> map) {
            if (map.get(PythonObjects.TYPE) instanceof String type && type(type) != null) {
                errors.add(new ConfigException(path.child(PythonObjects.TYPE), type(type)));
            }
            map.forEach((key, child) -> checkTypes(child, path.child(String.valueOf(key)), errors));
        } else if (value instanceof java.util.List<?> list) {
            // list-form tasks and groups are addressed by their name, as in the rest of the loader
            list.forEach(child -> checkTypes(child, child instanceof Map<?, ?> entry && entry.get("task_id") != null
                    ? path.child(String.valueOf(entry.get("task_id")))
                    : child instanceof Map<?, ?> group && group.get("group_name") != null
                    ? path.child(String.valueOf(group.get("group_name"))) : path, errors));
        }
    }
}
