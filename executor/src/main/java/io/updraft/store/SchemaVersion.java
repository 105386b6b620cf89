package io.updraft.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * Whether a store's schema is already this build's, read from Flyway's history table in one query. Flyway's own
 * check (a scan of the jar for migrations, then validation) was half of the store's opening in a short CLI call,
 * and every CLI call opens the store; {@code updraft db migrate} still runs the full check.
 */
final class SchemaVersion {

    /** This build's newest migration under {@code db/migration}; SchemaVersionTest keeps the two in step. */
    static final int NEWEST = 66;

    private SchemaVersion() {
    }

    /**
     * True when every recorded migration succeeded and the newest is {@link #NEWEST}; false otherwise (no history
     * yet, a failed or a newer migration: Flyway then migrates, or says what is wrong).
     */
    static boolean isCurrent(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT version, success FROM flyway_schema_history")) {
            int newest = -1;
            while (rows.next()) {
                String version = rows.getString(1);
                if (!rows.getBoolean(2)) {
                    return false;
                }
                if (version != null) { // Flyway's baseline and repeatable rows may have none
                    newest = Math.max(newest, Integer.parseInt(version));
                }
            }
            return newest == NEWEST;
        } catch (SQLException | NumberFormatException e) {
            return false; // no history table yet (a new store), or versions we do not write
        }
    }
}
