package io.updraft.template;

import io.updraft.config.ConnectionReads;
import io.updraft.config.VariableReads;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds Airflow's Jinja context (templates-ref) from {@link ContextValues} and the live stores. */
public final class TemplateContext {

    private static final Macros MACROS = new Macros();

    private TemplateContext() {
    }

    /**
     * @param values from {@link ContextValues}
     * @param xcoms null when there is no task instance (DAG callbacks)
     */
    public static Map<String, Object> build(Map<String, Object> values, XComPuller xcoms, VariableReads variables,
            ConnectionReads connections) {
        Map<String, Object> context = new HashMap<>();
        for (String key : new String[] {"ds", "ds_nodash", "ts", "ts_nodash", "ts_nodash_with_tz", "run_id",
                "task_instance_key_str"}) {
            if (values.containsKey(key)) {
                context.put(key, values.get(key));
            }
        }
        for (String key : new String[] {"logical_date", "data_interval_start", "data_interval_end"}) {
            if (values.containsKey(key)) {
                context.put(key, new PyDateTime(AirflowDates.parse((String) values.get(key))));
            }
        }
        for (String key : PreviousSuccess.KEYS) {
            if (values.containsKey(key)) { // None before the DAG's first success
                Object value = values.get(key);
                context.put(key, value == null ? PyNone.NONE : new PyDateTime(AirflowDates.parse((String) value)));
            }
        }
        // Airflow 3's accessor of asset events a task emits: extras set from templates are not kept
        context.put("outlet_events", Map.of());
        // an asset-triggered run's consumed events, by asset URI (empty for other runs)
        context.put("triggering_asset_events", PyNone.wrap(values.getOrDefault("triggering_asset_events", Map.of())));
        context.put("params", PyNone.wrap(values.get("params")));
        context.put("dag", dag(values));
        context.put("dag_run", dagRun(values, context));
        if (values.containsKey("task_id")) {
            context.put("task", task(values));
            TemplateTaskInstance ti = new TemplateTaskInstance(values, xcoms);
            context.put("ti", ti);
            context.put("task_instance", ti);
        }
        context.put("var", Map.of("value", new VariableValues(variables, false),
                "json", new VariableValues(variables, true)));
        context.put("conn", new ConnectionValues(connections));
        context.put("macros", MACROS);
        return context;
    }

    @SuppressWarnings("unchecked")
    private static TemplateObject dag(Map<String, Object> values) {
        Object dag = values.get("dag");
        if (dag instanceof DagAttributes attributes) {
            return attributes.templateObject();
        }
        // values that came over the wire (a remote worker's context)
        return DagAttributes.templateObject(dag == null ? Map.of("dag_id", values.get("dag_id"))
                : (Map<String, Object>) dag);
    }

    @SuppressWarnings("unchecked")
    private static TemplateObject task(Map<String, Object> values) {
        Map<String, Object> attributes = new LinkedHashMap<>((Map<String, Object>) values.getOrDefault("task",
                Map.of("task_id", values.get("task_id"))));
        attributes.computeIfPresent("upstream_task_ids", (key, ids) -> PythonRepr.set((List<?>) ids));
        attributes.computeIfPresent("downstream_task_ids", (key, ids) -> PythonRepr.set((List<?>) ids));
        return new TemplateObject("<Task(" + attributes.getOrDefault("task_type", "BaseOperator") + "): "
                + values.get("task_id") + ">", (Map<String, Object>) PyNone.wrap(attributes));
    }

    private static Map<String, Object> dagRun(Map<String, Object> values, Map<String, Object> context) {
        Map<String, Object> dagRun = new LinkedHashMap<>();
        dagRun.put("dag_id", values.get("dag_id"));
        dagRun.put("run_id", values.get("run_id"));
        dagRun.put("run_type", values.get("run_type"));
        dagRun.put("conf", values.get("conf"));
        dagRun.put("logical_date", context.get("logical_date"));
        dagRun.put("data_interval_start", context.get("data_interval_start"));
        dagRun.put("data_interval_end", context.get("data_interval_end"));
        @SuppressWarnings("unchecked")
        Map<String, Object> wrapped = (Map<String, Object>) PyNone.wrap(dagRun);
        return wrapped;
    }
}
