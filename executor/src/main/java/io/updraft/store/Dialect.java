package io.updraft.store;

import java.util.Locale;

/** The two databases the store runs on. The SQL is shared except for upserts, which each store writes twice. */
enum Dialect {
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

    /** Picks the statement written for this database. */
    String pick(String h2Sql, String postgresSql) {
        return this == POSTGRESQL ? postgresSql : h2Sql;
    }
}
