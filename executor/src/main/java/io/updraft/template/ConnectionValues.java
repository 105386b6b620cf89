package io.updraft.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.updraft.json.Json;
import io.updraft.secrets.SecretsMasker;
import io.updraft.config.Connection;
import io.updraft.config.ConnectionReads;
import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** {@code conn.<conn_id>.<attr>} and {@code conn.get(id)}: Airflow Connections read from the store on demand. */
final class ConnectionValues extends AbstractMap<String, Object> {

    private static final ObjectMapper JSON = Json.MAPPER;

    private final ConnectionReads store;

    ConnectionValues(ConnectionReads store) {
        this.store = store;
    }

    @Override
    public Object get(Object connectionId) {
        return store.find(String.valueOf(connectionId)).map(ConnectionValues::attributes).orElse(null);
    }

    @Override
    public boolean containsKey(Object connectionId) {
        return store.find(String.valueOf(connectionId)).isPresent();
    }

    /** As Airflow's Connection on access, registers the password and the extra's sensitive values to be masked. */
    private static Map<String, Object> attributes(Connection connection) {
        Object extraDejson = extraDejson(connection);
        SecretsMasker.global().add(connection.password(), null);
        SecretsMasker.global().add(extraDejson, null);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("conn_id", connection.connectionId());
        attributes.put("conn_type", connection.connType());
        attributes.put("description", connection.description());
        attributes.put("host", connection.host());
        attributes.put("login", connection.login());
        attributes.put("password", connection.password());
        attributes.put("schema", connection.schema());
        attributes.put("port", connection.port());
        attributes.put("extra", connection.extra());
        attributes.put("extra_dejson", extraDejson);
        @SuppressWarnings("unchecked")
        Map<String, Object> wrapped = (Map<String, Object>) PyNone.wrap(attributes);
        return wrapped;
    }

    private static Object extraDejson(Connection connection) {
        if (connection.extra() == null || connection.extra().isBlank()) {
            return Map.of();
        }
        try {
            return JSON.readValue(connection.extra(), Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("extra of connection " + connection.connectionId()
                    + " is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    @Override
    public Set<Entry<String, Object>> entrySet() {
        Map<String, Object> all = new LinkedHashMap<>();
        store.list(Integer.MAX_VALUE, 0).forEach(c -> all.put(c.connectionId(), attributes(c)));
        return all.entrySet();
    }
}
