package io.updraft.template;

import io.updraft.dag.Dag;
import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * What templates and Python code read of {@code dag} (Airflow's DAG attributes; sets as sorted lists), read-only.
 * A DAG version's attributes are the same for all of its tries, and some grow with its size ({@code task_ids},
 * the owners of every task), so they are built once per loaded DAG, with the template object made of them,
 * instead of at every try: a 1,000-task DAG otherwise spends most of a no-op task's time copying its task ids.
 */
final class DagAttributes extends AbstractMap<String, Object> {

    private static final Map<Dag, DagAttributes> BY_DAG = Collections.synchronizedMap(new WeakHashMap<>());

    private final Map<String, Object> attributes;
    private volatile TemplateObject templateObject;

    private DagAttributes(Map<String, Object> attributes) {
        this.attributes = Collections.unmodifiableMap(attributes);
    }

    /** The attributes of this loaded DAG (a {@link Dag} is immutable: a changed file loads a new one). */
    static DagAttributes of(Dag dag) {
        return BY_DAG.computeIfAbsent(dag, DagAttributes::build);
    }

    private static DagAttributes build(Dag dag) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("dag_id", dag.dagId());
        attributes.put("dag_display_name", dag.displayName() == null ? dag.dagId() : dag.displayName());
        attributes.put("description", dag.description());
        attributes.put("doc_md", dag.docMd());
        attributes.put("tags", dag.tags().stream().sorted().toList());
        // Airflow's DAG.owner: the tasks' owners joined
        attributes.put("owner", String.join(", ", dag.owners()));
        attributes.put("fileloc", dag.fileloc());
        attributes.put("catchup", dag.catchup());
        attributes.put("max_active_runs", dag.maxActiveRuns());
        attributes.put("max_active_tasks", dag.maxActiveTasks());
        attributes.put("start_date", dag.startDate() == null ? null : AirflowDates.iso(dag.startDate()));
        attributes.put("end_date", dag.endDate() == null ? null : AirflowDates.iso(dag.endDate()));
        attributes.put("timezone", dag.timezone() == null ? "UTC" : dag.timezone().getId());
        attributes.put("task_ids", List.copyOf(dag.tasks().keySet()));
        return new DagAttributes(attributes);
    }

    /** {@code dag} inside templates, made once. */
    TemplateObject templateObject() {
        TemplateObject object = templateObject;
        if (object == null) {
            object = templateObject(attributes);
            templateObject = object;
        }
        return object;
    }

    /** {@code dag} inside templates: Python's repr, sets and dates as Python shows them, None for nulls. */
    @SuppressWarnings("unchecked")
    static TemplateObject templateObject(Map<String, Object> attributes) {
        Map<String, Object> values = new LinkedHashMap<>(attributes);
        values.computeIfPresent("tags", (key, tags) -> PythonRepr.set((List<?>) tags));
        values.computeIfPresent("start_date", (key, date) -> new PyDateTime(AirflowDates.parse((String) date)));
        values.computeIfPresent("end_date", (key, date) -> new PyDateTime(AirflowDates.parse((String) date)));
        return new TemplateObject("<DAG: " + attributes.get("dag_id") + ">", (Map<String, Object>) PyNone.wrap(values));
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        return attributes.entrySet();
    }

    @Override
    public Object get(Object key) {
        return attributes.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return attributes.containsKey(key);
    }
}
