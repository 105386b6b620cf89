package io.updraft.store;

import java.sql.SQLException;
import java.util.function.Supplier;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Writes that may lose a race on a unique key to another writer (a node starting beside another, two loaders of
 * one DAGs folder, two nodes claiming one lease). H2's {@code MERGE} is not atomic against a concurrent insert of
 * the same key, so {@link #retrying} runs the loser again, which then finds the winner's row.
 */
final class UniqueViolations {

    private static final String UNIQUE_VIOLATION = "23505";
    private static final int ATTEMPTS = 3;

    private UniqueViolations() {
    }

    static <T> T retrying(Supplier<T> work) {
        for (int attempt = 1; ; attempt++) {
            try {
                return work.get();
            } catch (UnableToExecuteStatementException e) {
                if (attempt == ATTEMPTS || !isUniqueViolation(e)) {
                    throw e;
                }
            }
        }
    }

    /** Whether the statement failed on a unique key (SQLSTATE 23505, on both databases). */
    static boolean isUniqueViolation(UnableToExecuteStatementException e) {
        return e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState());
    }
}
