package io.updraft.operator;

import java.util.List;
import java.util.Map;

/** Checks that XCom values are what Airflow 3 stores: JSON (no pickling). */
final class JsonValues {

    private JsonValues() {
    }

    /** @return null when {@code value} is JSON-serialisable, else what is not */
    static String problem(Object value) {
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return null;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(JsonValues::problem).filter(p -> p != null).findFirst().orElse(null);
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String)) {
                    return "a map key of type " + entry.getKey().getClass().getSimpleName();
                }
                String problem = problem(entry.getValue());
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
        return "a value of type " + value.getClass().getName();
    }

    /** The value's size as JSON in UTF-8 bytes (strings are counted without writing them out). */
    static int size(Object value) {
        if (value instanceof String text && text.length() < 1024) {
            return text.length() + 2;
        }
        return io.updraft.json.Json.write(value).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    }
}
