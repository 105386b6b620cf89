package io.updraft.dag.factory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads dag-factory's {@code __type__} object syntax for the few Python types the loader interprets itself
 * ({@code datetime.timedelta}, {@code datetime.datetime}, timetables): the keyword arguments, with positional
 * {@code __args__} named by the constructor's parameter order.
 */
final class PythonObjects {

    static final String TYPE = "__type__";
    static final String ARGS = "__args__";

    private PythonObjects() {
    }

    static boolean isObject(Object value) {
        return value instanceof Map<?, ?> map && map.containsKey(TYPE);
    }

    static String typeOf(Object value) {
        return String.valueOf(((Map<?, ?>) value).get(TYPE));
    }

    /** The constructor arguments by name; fails on a name the constructor does not have. */
    static Map<String, Object> arguments(Map<String, Object> object, List<String> parameterOrder, ConfigPath path) {
        Map<String, Object> named = new LinkedHashMap<>();
        Object args = object.get(ARGS);
        if (args != null) {
            if (!(args instanceof List<?> values) || values.size() > parameterOrder.size()) {
                throw new ConfigException(path.child(ARGS), "__args__ of " + object.get(TYPE)
                        + " must be a list of at most " + parameterOrder.size() + " values");
            }
            for (int i = 0; i < values.size(); i++) {
                named.put(parameterOrder.get(i), values.get(i));
            }
        }
        object.forEach((key, value) -> {
            if (key.equals(TYPE) || key.equals(ARGS)) {
                return;
            }
            if (!parameterOrder.contains(key)) {
                throw new ConfigException(path.child(key), object.get(TYPE) + " has no argument '" + key + "'");
            }
            named.put(key, value);
        });
        return named;
    }

    static double number(Object value, ConfigPath path) {
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        throw new ConfigException(path, "'" + path.keys().get(path.keys().size() - 1) + "' must be a number, not "
                + ConfigValues.describe(value));
    }
}
