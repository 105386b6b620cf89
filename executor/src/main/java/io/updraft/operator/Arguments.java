package io.updraft.operator;

import io.updraft.dag.XComArg;
import java.util.List;
import java.util.Map;

/**
 * Reads typed operator arguments, failing with a message that names the argument. A value that is an
 * {@link XComArg} (an upstream XCom, known only when the task runs) passes every type check, so that a DAG whose
 * arguments come from XCom validates when it loads.
 */
final class Arguments {

    private Arguments() {
    }

    static String string(Map<String, Object> arguments, String name, String defaultValue) {
        Object value = arguments.get(name);
        if (value == null) {
            return defaultValue;
        }
        if (value instanceof XComArg reference) {
            return reference.toString();
        }
        if (!(value instanceof String text)) {
            throw new IllegalArgumentException(name + " must be a string, got " + describe(value));
        }
        return text;
    }

    static String requiredString(Map<String, Object> arguments, String name) {
        String value = string(arguments, name, null);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> arguments, String name) {
        Object value = arguments.get(name);
        if (value == null || value instanceof XComArg) {
            return null;
        }
        if (!(value instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(name + " must be a mapping, got " + describe(value));
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Map<String, Object> arguments, String name) {
        Object value = arguments.get(name);
        if (value == null || value instanceof XComArg) {
            return null;
        }
        if (!(value instanceof List<?>)) {
            throw new IllegalArgumentException(name + " must be a list, got " + describe(value));
        }
        return (List<Object>) value;
    }

    static boolean bool(Map<String, Object> arguments, String name, boolean defaultValue) {
        Object value = arguments.get(name);
        if (value == null || value instanceof XComArg) {
            return defaultValue;
        }
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof String text && (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(text);
        }
        throw new IllegalArgumentException(name + " must be true or false, got " + describe(value));
    }

    static String describe(Object value) {
        return value.getClass().getSimpleName() + " '" + value + "'";
    }
}
