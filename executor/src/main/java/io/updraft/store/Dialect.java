package io.updraft.store;

import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The two databases the store runs on, and the one place that tells them apart: the SQL is shared except for
 * upserts ({@link #upsert}) and a few statements each store writes twice ({@link #pick}); PostgreSQL also serves
 * several processes at once ({@link #isShared}).
 */
public enum Dialect {
    H2,
    POSTGRESQL;

    static Dialect fromJdbcUrl(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        if (lower.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        if (lower.startsWith("jdbc:h2:")) {
            return H2;
        }
        throw new IllegalArgumentException("Unsupported database URL (expected jdbc:h2: or jdbc:postgresql:): " + url);
    }

    /**
     * Whether several processes (engine nodes, the CLI) may write the store at once: PostgreSQL. The embedded H2
     * file belongs to one process.
     */
    public boolean isShared() {
        return this == POSTGRESQL;
    }

    /** Picks what is written for this database: a statement, a driver class. */
    public <T> T pick(T h2, T postgres) {
        return this == POSTGRESQL ? postgres : h2;
    }

    /**
     * Inserts a row or replaces the one with its key: {@code MERGE ... KEY} on H2, {@code ON CONFLICT ... DO
     * UPDATE} on PostgreSQL. Each column binds as its name without quotes ({@code "key"} as {@code :key}).
     *
     * @param columns the columns written, the key first
     */
    public String upsert(String table, List<String> columns) {
        String key = columns.get(0);
        String names = String.join(", ", columns);
        String values = columns.stream().map(c -> ":" + c.replace("\"", "")).collect(Collectors.joining(", "));
        if (this == H2) {
            return "MERGE INTO " + table + " (" + names + ") KEY (" + key + ") VALUES (" + values + ")";
        }
        return "INSERT INTO " + table + " (" + names + ") VALUES (" + values + ") ON CONFLICT (" + key
                + ") DO UPDATE SET " + columns.stream().skip(1).map(c -> c + " = EXCLUDED." + c)
                .collect(Collectors.joining(", "));
    }
}
