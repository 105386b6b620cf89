package io.updraft.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.updraft.json.Json;
import io.updraft.secrets.SecretsMasker;
import io.updraft.config.Variable;
import io.updraft.config.VariableReads;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code var.value} and {@code var.json}: Airflow Variables read from the store when a template asks. A missing
 * variable reads as undefined, so {@code var.value.get('k', 'default')} works and {@code var.value.k} fails.
 */
final class VariableValues extends AbstractMap<String, Object> {

    private static final ObjectMapper JSON = Json.MAPPER;

    private final VariableReads store;
    private final boolean asJson;

    VariableValues(VariableReads store, boolean asJson) {
        this.store = store;
        this.asJson = asJson;
    }

    @Override
    public Object get(Object key) {
        return store.find(String.valueOf(key)).map(this::valueOf).orElse(null);
    }

    @Override
    public boolean containsKey(Object key) {
        return store.find(String.valueOf(key)).isPresent();
    }

    /** As Airflow's Variable.get, registers the value of a sensitive key to be masked. */
    private Object valueOf(Variable variable) {
        SecretsMasker.global().add(variable.value(), variable.key());
        if (!asJson) {
            return variable.value();
        }
        try {
            return PyNone.wrap(JSON.readValue(variable.value(), Object.class));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Variable " + variable.key() + " is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /** Jinjava iterates maps it wraps; for {@code var.json} only the variables that hold JSON are listed. */
    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> all = new LinkedHashMap<>();
        for (Variable variable : store.list(Integer.MAX_VALUE, 0)) {
            try {
                all.put(variable.key(), valueOf(variable));
            } catch (IllegalArgumentException notJson) {
                // listed under var.value only
            }
        }
        return all.entrySet();
    }
}
