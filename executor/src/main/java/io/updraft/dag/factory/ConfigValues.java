package io.updraft.dag.factory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed reads of YAML values, failing with a {@link ConfigException} that names the key and what was expected. */
final class ConfigValues {

    private ConfigValues() {
    }

    static String string(Object value, ConfigPath path) {
        if (value instanceof Map || value instanceof List || value == null) {
            throw wrongType(value, path, "a string");
        }
        return value.toString();
    }

    static int integer(Object value, ConfigPath path) {
        if (value instanceof Integer number) {
            return number;
        }
        if (value instanceof Long number && number == number.intValue()) {
            return number.intValue();
        }
        throw wrongType(value, path, "an integer");
    }

    static boolean bool(Object value, ConfigPath path) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        throw wrongType(value, path, "true or false");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value, ConfigPath path) {
        if (value == null) {
            return new LinkedHashMap<>();
        }
        if (value instanceof Map<?, ?> map) {
            return new LinkedHashMap<>((Map<String, Object>) map);
        }
        throw wrongType(value, path, "a mapping");
    }

    /** A list of strings; a single string is read as a list of one, as people often write {@code dependencies: a}. */
    static List<String> strings(Object value, ConfigPath path) {
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            return List.of(string(value, path));
        }
        List<String> result = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            result.add(string(list.get(i), path.child(String.valueOf(i))));
        }
        return result;
    }

    private static ConfigException wrongType(Object value, ConfigPath path, String expected) {
        String key = path.keys().get(path.keys().size() - 1);
        return new ConfigException(path, "'" + key + "' must be " + expected + ", not " + describe(value));
    }

    static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Map) {
            return "a mapping";
        }
        if (value instanceof List) {
            return "a list";
        }
        return "'" + value + "'";
    }
}
