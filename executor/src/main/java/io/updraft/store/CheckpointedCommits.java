package io.updraft.store;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Makes every commit on the embedded H2 store durable before it returns: after a transaction commits, or a
 * statement that changed data runs with auto-commit, the connection runs {@code CHECKPOINT}, which writes the
 * committed changes to the file (as PostgreSQL's commit reaches its log), so a killed process loses nothing it
 * acknowledged.
 *
 * <p>Why not H2's {@code WRITE_DELAY=0}, which stores at every commit by itself: it also stops H2's background
 * writer, whose housekeeping frees and compacts old chunks. Without it the file grew by about 20 KB per commit for
 * as long as the process ran (a gigabyte in three minutes of triggers). With the default write delay and these
 * checkpoints the file levels off.
 */
final class CheckpointedCommits implements DataSource {

    private static final Set<String> EXECUTIONS = Set.of("execute", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");
    private static final Set<String> STATEMENT_FACTORIES = Set.of("createStatement", "prepareStatement",
            "prepareCall");

    private final DataSource delegate;

    CheckpointedCommits(DataSource delegate) {
        this.delegate = delegate;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return checkpointing(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return checkpointing(delegate.getConnection(username, password));
    }

    private static Connection checkpointing(Connection connection) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                new ConnectionHandler(connection));
    }

    private static void checkpoint(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("CHECKPOINT");
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** One connection; knows whether its open transaction has run a statement, so a commit of nothing is free. */
    private static final class ConnectionHandler implements InvocationHandler {

        private final Connection connection;
        private boolean uncommitted;

        ConnectionHandler(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("equals")) {
                return proxy == args[0];
            } else if (name.equals("hashCode")) {
                return System.identityHashCode(proxy);
            }
            // setAutoCommit(true) inside a transaction commits it (JDBC)
            boolean commits = name.equals("commit")
                    || (name.equals("setAutoCommit") && Boolean.TRUE.equals(args[0]) && !connection.getAutoCommit());
            Object result = CheckpointedCommits.invoke(connection, method, args);
            if (commits || name.equals("rollback")) {
                if (commits && uncommitted) {
                    checkpoint(connection);
                }
                uncommitted = false;
            } else if (STATEMENT_FACTORIES.contains(name)) {
                Class<?> type = method.getReturnType();
                return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                        new StatementHandler(this, (Statement) result));
            }
            return result;
        }

        /** After a statement ran: at once when it changed rows with auto-commit, else at the commit. */
        void executed(Statement statement, String method) throws SQLException {
            if (!connection.getAutoCommit()) {
                uncommitted = true;
            } else if (!method.equals("execute") || statement.getUpdateCount() >= 0) {
                // a query (update count -1) wrote nothing
                checkpoint(connection);
            }
        }
    }

    private record StatementHandler(ConnectionHandler connection, Statement statement) implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            Object result = CheckpointedCommits.invoke(statement, method, args);
            if (EXECUTIONS.contains(method.getName())) {
                connection.executed(statement, method.getName());
            }
            return result;
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        return type.isInstance(this) ? type.cast(this) : delegate.unwrap(type);
    }

    @Override
    public boolean isWrapperFor(Class<?> type) throws SQLException {
        return type.isInstance(this) || delegate.isWrapperFor(type);
    }
}
