package io.updraft.rest;

import java.util.regex.Pattern;

/** Airflow's {@code ~} wildcard in paths and SQL LIKE in {@code *_pattern} query parameters. */
public final class Patterns {

    public static final String ALL = "~";

    private Patterns() {
    }

    public static boolean isAll(String pathValue) {
        return ALL.equals(pathValue);
    }

    /**
     * A case-insensitive LIKE (Airflow uses ILIKE): {@code %} any text, {@code _} one character; {@code ~} means
     * everything. Null matches everything.
     */
    public static java.util.function.Predicate<String> like(String pattern) {
        if (pattern == null || pattern.equals(ALL)) {
            return text -> true;
        }
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '%', '~' -> regex.append(".*");
                case '_' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        // FastAPI's _SearchParam wraps the value in %...%: a pattern matches anywhere
        Pattern compiled = Pattern.compile(".*" + regex + ".*", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
        return text -> text != null && compiled.matcher(text).matches();
    }
}
