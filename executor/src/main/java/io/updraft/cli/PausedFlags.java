package io.updraft.cli;

import io.updraft.config.UpdraftConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * The {@code is_paused} flag of every DAG in the store, read over one plain JDBC connection: no pool, no schema
 * migration, no write, so a read-only verb ({@code dags list}) costs a query, not the store's start-up. A store
 * that does not exist yet (or has no DAG table) holds no flag.
 */
final class PausedFlags {

    private PausedFlags() {
    }

    static Map<String, Boolean> read(UpdraftConfig config) {
        Map<String, Boolean> paused = new HashMap<>();
        // IFEXISTS: a read must not create an empty H2 file where the service would create its store
        String url = config.dbUrl().startsWith("jdbc:h2:") ? config.dbUrl() + ";IFEXISTS=TRUE" : config.dbUrl();
        try (Connection connection = DriverManager.getConnection(url, config.dbUser(), config.dbPassword());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT dag_id, is_paused FROM dag")) {
            while (rows.next()) {
                paused.put(rows.getString(1), rows.getBoolean(2));
            }
        } catch (SQLException noStoreYet) {
            // not created (no service has run) or not migrated: every DAG is paused at creation
        }
        return paused;
    }
}
