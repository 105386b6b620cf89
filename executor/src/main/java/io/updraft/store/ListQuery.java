package io.updraft.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jdbi.v3.core.statement.SqlStatement;

/**
 * The WHERE clause of a list request, built from optional criteria: a criterion given as null is no criterion.
 * Column expressions come from the caller's whitelist, never from the request; values are always bound.
 */
public final class ListQuery {

    /** One ORDER BY key; {@code nullable} columns get an explicit NULLS FIRST (ascending) or LAST (descending). */
    public record Sort(String expression, boolean descending, boolean nullable) {

        public static Sort asc(String expression) {
            return new Sort(expression, false, false);
        }

        public static Sort nullable(String expression) {
            return new Sort(expression, false, true);
        }

        public Sort reversed() {
            return new Sort(expression, !descending, nullable);
        }

        // Nulls sort first ascending and last descending, as Java's nullsFirst comparators did before.
        String sql() {
            String direction = descending ? " DESC" : " ASC";
            return expression + direction + (nullable ? (descending ? " NULLS LAST" : " NULLS FIRST") : "");
        }
    }

    private final List<String> conditions = new ArrayList<>();
    private final Map<String, Object> values = new LinkedHashMap<>();

    public ListQuery equal(String column, Object value) {
        if (value != null) {
            conditions.add(column + " = " + parameter(value));
        }
        return this;
    }

    /** {@code column <> value}; a null value: no criterion. */
    public ListQuery notEqual(String column, Object value) {
        if (value != null) {
            conditions.add(column + " <> " + parameter(value));
        }
        return this;
    }

    /** {@code column >= value}; a null value: no criterion. */
    public ListQuery atLeast(String column, Object value) {
        if (value != null) {
            conditions.add(column + " >= " + parameter(value));
        }
        return this;
    }

    /**
     * {@code column IN (values)}; a null element matches NULL. Null values: no criterion; an empty collection
     * matches nothing.
     */
    public ListQuery in(String column, Collection<?> wanted) {
        if (wanted == null) {
            return this;
        }
        List<String> parameters = new ArrayList<>();
        boolean withNull = false;
        for (Object value : wanted) {
            if (value == null) {
                withNull = true;
            } else {
                parameters.add(parameter(value));
            }
        }
        List<String> alternatives = new ArrayList<>();
        if (!parameters.isEmpty()) {
            alternatives.add(column + " IN (" + String.join(", ", parameters) + ")");
        }
        if (withNull) {
            alternatives.add(column + " IS NULL");
        }
        conditions.add(alternatives.isEmpty() ? "1 = 0" : "(" + String.join(" OR ", alternatives) + ")");
        return this;
    }

    /** Bounds on a timestamp column; a row whose column is NULL is outside any range. */
    public ListQuery range(String column, Instant gte, Instant lte, Instant gt, Instant lt) {
        if (gte != null) {
            conditions.add(column + " >= " + parameter(gte));
        }
        if (lte != null) {
            conditions.add(column + " <= " + parameter(lte));
        }
        if (gt != null) {
            conditions.add(column + " > " + parameter(gt));
        }
        if (lt != null) {
            conditions.add(column + " < " + parameter(lt));
        }
        return this;
    }

    /**
     * Airflow's {@code *_pattern} search: case-insensitive, matching anywhere in the text; {@code %} and {@code ~}
     * stand for any text, {@code _} for one character. Null and {@code ~} match everything.
     */
    public ListQuery like(String column, String pattern) {
        if (pattern == null || pattern.equals("~")) {
            return this;
        }
        StringBuilder like = new StringBuilder("%");
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '%', '~' -> like.append('%');
                case '_' -> like.append('_');
                case '!' -> like.append("!!");
                default -> like.append(c);
            }
        }
        like.append('%');
        conditions.add(column + " ILIKE " + parameter(like.toString()) + " ESCAPE '!'");
        return this;
    }

    /** A condition written by the caller, with {@code ?} for each value, in order. */
    public ListQuery where(String condition, Object... arguments) {
        StringBuilder sql = new StringBuilder();
        int next = 0;
        for (char c : condition.toCharArray()) {
            if (c == '?') {
                sql.append(parameter(arguments[next++]));
            } else {
                sql.append(c);
            }
        }
        if (next != arguments.length) {
            throw new IllegalArgumentException("Condition has " + next + " placeholders for " + arguments.length
                    + " values: " + condition);
        }
        conditions.add(sql.toString());
        return this;
    }

    /**
     * Escapes LIKE's wildcards in a literal, for {@code ESCAPE '!'} (not the backslash: Jdbi's statement parser
     * reads {@code '\'} as an escaped quote).
     */
    public static String likeLiteral(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }

    String whereClause() {
        return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
    }

    <S extends SqlStatement<S>> S bind(S statement) {
        for (Map.Entry<String, Object> value : values.entrySet()) {
            if (value.getValue() instanceof Instant instant) {
                statement.bindByType(value.getKey(), instant, Instant.class);
            } else {
                statement.bind(value.getKey(), value.getValue());
            }
        }
        return statement;
    }

    private String parameter(Object value) {
        String name = "p" + values.size();
        values.put(name, Objects.requireNonNull(value));
        return ":" + name;
    }
}
