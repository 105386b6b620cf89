package io.updraft.operator;

import io.updraft.store.Connection;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses Airflow's connection URI form ({@code AIRFLOW_CONN_<ID>}): {@code type://login:password@host:port/schema?k=v},
 * the query becoming the JSON extra; {@code __} in the scheme stands for {@code -} (Airflow's rule).
 */
public final class AirflowConnectionUri {

    private AirflowConnectionUri() {
    }

    public static Connection parse(String connectionId, String uri) {
        String text = uri.trim();
        int separator = text.indexOf("://");
        if (separator <= 0) {
            throw new IllegalArgumentException("connection " + connectionId + " has no type (scheme): " + uri);
        }
        // java.net.URI rejects '_' in a scheme, and Airflow writes '-' in connection types as '__'
        String connType = text.substring(0, separator).replace("__", "-");
        if (text.length() == separator + 3) {
            return new Connection(connectionId, connType, null, null, null, null, null, null, null);
        }
        URI parsed;
        try {
            parsed = URI.create("conn" + text.substring(separator));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("connection " + connectionId + " is not a valid URI: " + e.getMessage(), e);
        }
        String login = null;
        String password = null;
        if (parsed.getRawUserInfo() != null) {
            String[] parts = parsed.getRawUserInfo().split(":", 2);
            login = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : null;
        }
        String path = parsed.getRawPath();
        String schema = path == null || path.length() <= 1 ? null : decode(path.substring(1));
        return new Connection(connectionId, connType, null, parsed.getHost() == null ? null : decode(parsed.getHost()),
                login, password, schema, parsed.getPort() < 0 ? null : parsed.getPort(), extraOf(parsed.getRawQuery()));
    }

    private static String extraOf(String query) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        Map<String, String> extra = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            String[] kv = pair.split("=", 2);
            extra.put(decode(kv[0]), kv.length > 1 ? decode(kv[1]) : "");
        }
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(extra);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
