package io.updraft.schedule;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Lends Quartz the store's pool; the pool belongs to the application, so Quartz's shutdown leaves it open. */
final class DataSourceConnectionProvider implements ConnectionProvider {

    private final DataSource dataSource;
    private final InterruptShield shield;

    /** @param shield null when interrupts cannot harm the database (PostgreSQL) */
    DataSourceConnectionProvider(DataSource dataSource, InterruptShield shield) {
        this.dataSource = dataSource;
        this.shield = shield;
    }

    @Override
    public Connection getConnection() throws SQLException {
        Connection connection = dataSource.getConnection();
        return shield == null ? connection : shield.shield(connection);
    }

    @Override
    public void shutdown() {
    }

    @Override
    public void initialize() {
    }
}
