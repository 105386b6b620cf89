package io.updraft.template;

import com.hubspot.jinjava.el.ext.NamedParameter;
import java.util.Map;

/** {@code ti} / {@code task_instance} in templates: the try's ids and {@code xcom_pull}. */
public final class TemplateTaskInstance {

    private static final String[] POSITIONAL = {"task_ids", "dag_id", "key"};

    private final Map<String, Object> values;
    private final XComPuller xcoms;

    TemplateTaskInstance(Map<String, Object> values, XComPuller xcoms) {
        this.values = values;
        this.xcoms = xcoms;
    }

    public String getTaskId() { return (String) values.get("task_id"); }
    public String getDagId() { return (String) values.get("dag_id"); }
    public String getRunId() { return (String) values.get("run_id"); }
    public int getTryNumber() { return (Integer) values.get("try_number"); }
    public int getMaxTries() { return (Integer) values.get("max_tries"); }
    public int getMapIndex() { return (Integer) values.get("map_index"); }

    /**
     * Airflow's {@code xcom_pull(task_ids=None, dag_id=None, key='return_value', *, default=None)}; keyword
     * arguments reach here as Jinjava {@link NamedParameter}s.
     */
    public Object xcom_pull(Object... arguments) {
        Object taskIds = null;
        String key = "return_value";
        Object defaultValue = null;
        for (int i = 0; i < arguments.length; i++) {
            String name;
            Object value;
            if (arguments[i] instanceof NamedParameter named) {
                name = named.getName();
                value = named.getValue();
            } else if (i < POSITIONAL.length) {
                name = POSITIONAL[i];
                value = arguments[i];
            } else {
                throw new IllegalArgumentException("xcom_pull takes at most 3 positional arguments");
            }
            value = PyNone.unwrap(value);
            switch (name) {
                case "task_ids" -> taskIds = value;
                case "key" -> key = String.valueOf(value);
                case "default" -> defaultValue = value;
                case "dag_id" -> requireSameDag(value);
                default -> throw new IllegalArgumentException("xcom_pull: unsupported argument '" + name + "'");
            }
        }
        return PyNone.wrap(xcoms.pull(taskIds, key, defaultValue));
    }

    private void requireSameDag(Object dagId) {
        if (dagId != null && !dagId.equals(getDagId())) {
            throw new IllegalArgumentException("xcom_pull from another DAG (" + dagId + ") is not supported");
        }
    }

    @Override
    public String toString() {
        return "<TaskInstance: " + getDagId() + "." + getTaskId() + " " + getRunId() + " [running]>";
    }
}
