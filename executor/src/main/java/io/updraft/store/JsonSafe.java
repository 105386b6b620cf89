package io.updraft.store;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Copies a JSON-like value with non-finite numbers (NaN, infinity: not JSON) replaced by null. */
final class JsonSafe {

    private JsonSafe() {
    }

    static Object of(Object value) {
        if (value instanceof Double d && !Double.isFinite(d)) {
            return null;
        }
        if (value instanceof Float f && !Float.isFinite(f)) {
            return null;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), of(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            list.forEach(v -> out.add(of(v)));
            return out;
        }
        return value;
    }
}
