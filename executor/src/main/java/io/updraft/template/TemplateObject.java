package io.updraft.template;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An Airflow object inside templates ({@code dag}, {@code task}): its attributes read as {@code dag.dag_id}, and
 * printed whole it shows Python's repr ({@code <DAG: example>}). Unknown attributes are undefined, as in Airflow.
 */
public final class TemplateObject extends LinkedHashMap<String, Object> {

    private final String repr;

    TemplateObject(String repr, Map<String, Object> attributes) {
        super(attributes);
        this.repr = repr;
    }

    @Override
    public String toString() {
        return repr;
    }

    @Override
    public boolean equals(Object other) {
        return this == other;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }
}
