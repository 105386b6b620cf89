package io.updraft.config;

import io.updraft.json.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Airflow's connection URI ({@code conn-type://login:password@host:port/schema?extra}), read and written as
 * Airflow 3.3's {@code Connection._parse_from_uri} and {@code get_uri} do, so URIs move between the two unchanged:
 * the CLI's {@code --conn-uri} and {@code get_uri}, and {@code AIRFLOW_CONN_<ID>} environment variables.
 */
public final class ConnectionUri {

    private static final String EXTRA_KEY = "__extra__";

    private ConnectionUri() {
    }

    /**
     * @throws IllegalArgumentException when the text is not a connection URI (no scheme, more than two schemes, a
     *     bad port)
     */
    public static Connection parse(String connectionId, String uri) {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd <= 0 || uri.split("://", -1).length > 3) {
            throw new IllegalArgumentException("The URI provided is invalid: " + uri);
        }
        String scheme = uri.substring(0, schemeEnd);
        String rest = uri.substring(schemeEnd + 3);
        String protocol = null;
        int second = rest.indexOf("://");
        if (second >= 0) { // a host with its own protocol: http://https://example.com
            protocol = rest.substring(0, second);
            if (protocol.contains("@") || protocol.contains(":")) {
                throw new IllegalArgumentException("Invalid connection string: " + uri);
            }
            rest = rest.substring(second + 3);
        }
        String query = null;
        int question = rest.indexOf('?');
        if (question >= 0) {
            query = rest.substring(question + 1);
            rest = rest.substring(0, question);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String schema = slash < 0 ? "" : unquote(rest.substring(slash + 1), false);
        String login = null;
        String password = null;
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            String userInfo = authority.substring(0, at);
            authority = authority.substring(at + 1);
            int colon = userInfo.indexOf(':');
            login = emptyAsNull(unquote(colon < 0 ? userInfo : userInfo.substring(0, colon), false));
            password = colon < 0 ? null : emptyAsNull(unquote(userInfo.substring(colon + 1), false));
        }
        Integer port = null;
        int colon = authority.lastIndexOf(':');
        if (colon >= 0 && !authority.endsWith("]")) {
            String digits = authority.substring(colon + 1);
            authority = authority.substring(0, colon);
            try {
                port = digits.isEmpty() ? null : Integer.valueOf(digits);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Port could not be cast to integer value as '" + digits + "'");
            }
        }
        String host = emptyAsNull(unquote(authority, false));
        if (host != null && protocol != null) {
            host = protocol + "://" + host;
        }
        // Airflow's _normalize_conn_type
        String connType = scheme.equals("postgresql") ? "postgres" : scheme.replace('-', '_');
        return new Connection(connectionId, connType, null, host, login, password,
                schema.isEmpty() ? null : schema, port, query == null || query.isEmpty() ? null : extra(query));
    }

    /** The query as extra: {@code __extra__} holds it as JSON; else each parameter, read as JSON where it is. */
    private static String extra(String query) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            params.put(unquote(eq < 0 ? pair : pair.substring(0, eq), true),
                    eq < 0 ? "" : unquote(pair.substring(eq + 1), true));
        }
        if (params.containsKey(EXTRA_KEY)) {
            return (String) params.get(EXTRA_KEY);
        }
        params.replaceAll((key, value) -> {
            try {
                return value.toString().isEmpty() ? value : Json.read(value.toString());
            } catch (IllegalArgumentException notJson) {
                return value;
            }
        });
        return Json.write(params);
    }

    public static String format(Connection connection) {
        StringBuilder uri = new StringBuilder(connection.connType() == null ? "//"
                : connection.connType().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "://");
        String host = connection.host();
        if (host != null && host.contains("://")) {
            String protocol = host.substring(0, host.indexOf("://"));
            if (!protocol.equals(connection.connType())) {
                uri.append(protocol).append("://");
                host = host.substring(host.indexOf("://") + 3);
            }
        }
        StringBuilder authority = new StringBuilder();
        if (connection.login() != null) {
            authority.append(quote(connection.login(), false));
        }
        if (connection.password() != null) {
            authority.append(':').append(quote(connection.password(), false));
        }
        if (!authority.isEmpty()) {
            uri.append(authority).append('@');
        }
        StringBuilder hostBlock = new StringBuilder(host == null || host.isEmpty() ? "" : quote(host, false));
        if (connection.port() != null && connection.port() != 0) {
            hostBlock.append(hostBlock.isEmpty() && authority.isEmpty() ? "@:" : ":").append(connection.port());
        }
        if (connection.schema() != null && !connection.schema().isEmpty()) {
            hostBlock.append('/').append(quote(connection.schema(), false));
        }
        uri.append(hostBlock);
        Map<String, Object> extra = extraObject(connection.extra());
        if (!extra.isEmpty()) {
            uri.append(connection.schema() == null || connection.schema().isEmpty() ? "/?" : "?");
            if (extra.values().stream().allMatch(value -> value instanceof String)) {
                StringBuilder query = new StringBuilder();
                extra.forEach((key, value) -> query.append(query.isEmpty() ? "" : "&").append(quote(key, true))
                        .append('=').append(quote((String) value, true)));
                uri.append(query);
            } else {
                uri.append(EXTRA_KEY).append('=').append(quote(connection.extra(), true));
            }
        }
        return uri.toString();
    }

    /** The extra as a mapping (empty when there is none or it is not a JSON object). */
    public static Map<String, Object> extraObject(String extra) {
        try {
            return extra == null || extra.isBlank() ? Map.of() : Json.readObject(extra);
        } catch (IllegalArgumentException notObject) {
            return Map.of();
        }
    }

    /** Python's {@code quote(text, safe="")}, or {@code quote_plus} (a space as +) for query parts. */
    public static String quote(String text, boolean plus) {
        StringBuilder quoted = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "_.-~".indexOf(c) >= 0)) {
                quoted.append(c);
            } else if (plus && c == ' ') {
                quoted.append('+');
            } else {
                quoted.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return quoted.toString();
    }

    public static String unquote(String text, boolean plus) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && isHex(text, i + 1) && isHex(text, i + 2)) {
                bytes.write(Integer.parseInt(text.substring(i + 1, i + 3), 16));
                i += 2;
            } else if (plus && c == '+') {
                bytes.write(' ');
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(String text, int index) {
        return index < text.length() && Character.digit(text.charAt(index), 16) >= 0;
    }

    private static String emptyAsNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
