package io.updraft.plugins.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads and checks operator arguments. At DAG load ({@code validate}) a string holding a template
 * ({@code {{ ... }}}) is accepted for any argument, since it is only known after rendering; at run time the
 * rendered value must have the right type. Messages name the argument.
 */
final class MlArgs {

    private final String operator;
    private final Map<String, Object> args;
    private final boolean loadTime;

    private MlArgs(String operator, Map<String, Object> args, boolean loadTime) {
        this.operator = operator;
        this.args = args == null ? Map.of() : args;
        this.loadTime = loadTime;
    }

    static MlArgs atLoad(String operator, Map<String, Object> args) {
        return new MlArgs(operator, args, true);
    }

    static MlArgs atRun(String operator, Map<String, Object> args) {
        return new MlArgs(operator, args, false);
    }

    String operator() {
        return operator;
    }

    void allowOnly(String... names) {
        List<String> known = List.of(names);
        for (String key : args.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(operator + ": unknown argument '" + key + "'; known: " + known);
            }
        }
    }

    /** The argument as given (null when absent). */
    Object raw(String name) {
        return args.get(name);
    }

    boolean has(String name) {
        Object v = args.get(name);
        return v != null && !(v instanceof String s && s.isBlank());
    }

    /** At least one of the arguments is given (alternative ways to name the same input). */
    void requireOneOf(String... names) {
        for (String name : names) {
            if (has(name)) {
                return;
            }
        }
        throw new IllegalArgumentException(operator + ": one of the arguments " + String.join(", ", names)
                + " is required");
    }

    private boolean isTemplate(Object v) {
        return loadTime && v instanceof String s && s.contains("{{");
    }

    String string(String name) {
        Object v = args.get(name);
        if (v == null || (v instanceof String s && s.isBlank())) {
            throw new IllegalArgumentException(operator + ": argument '" + name + "' is required");
        }
        if (!(v instanceof String)) {
            throw new IllegalArgumentException(operator + ": argument '" + name + "' must be a string, not " + v);
        }
        return ((String) v).trim();
    }

    String string(String name, String fallback) {
        return has(name) ? string(name) : fallback;
    }

    /** A number given as a number or a numeric string, within [min, max]; null at load time for a template. */
    Double number(String name, double fallback, double min, double max) {
        Object v = args.get(name);
        if (v == null || (v instanceof String s && s.isBlank())) {
            return fallback;
        }
        if (isTemplate(v)) {
            return null;
        }
        double d;
        if (v instanceof Number n) {
            d = n.doubleValue();
        } else {
            try {
                d = Double.parseDouble(v.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(operator + ": argument '" + name + "' must be a number, not '" + v
                        + "'");
            }
        }
        if (!(d >= min && d <= max)) {
            throw new IllegalArgumentException(operator + ": argument '" + name + "' must be in [" + min + ", " + max
                    + "], not " + v);
        }
        return d;
    }

    long integer(String name, long fallback, long min, long max) {
        Double d = number(name, fallback, min, max);
        if (d == null) {
            return fallback;
        }
        if (d != Math.rint(d)) {
            throw new IllegalArgumentException(operator + ": argument '" + name + "' must be a whole number, not "
                    + args.get(name));
        }
        return d.longValue();
    }

    /** A list of strings, given as a YAML list or one comma-separated string. */
    List<String> strings(String name) {
        Object v = args.get(name);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v instanceof List<?> list) {
            for (Object o : list) {
                if (!(o instanceof String s) || s.isBlank()) {
                    throw new IllegalArgumentException(operator + ": argument '" + name
                            + "' must be a list of non-empty strings, not " + v);
                }
                out.add(s.trim());
            }
        } else if (v instanceof String s) {
            for (String part : s.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        } else {
            throw new IllegalArgumentException(operator + ": argument '" + name + "' must be a list of strings, not "
                    + v);
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> map(String name) {
        Object v = args.get(name);
        if (v == null) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?>)) {
            throw new IllegalArgumentException(operator + ": argument '" + name + "' must be a mapping, not " + v);
        }
        return (Map<String, Object>) v;
    }
}
