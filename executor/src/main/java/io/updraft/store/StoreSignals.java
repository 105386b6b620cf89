package io.updraft.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import org.jdbi.v3.core.Handle;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes the other processes sharing a PostgreSQL store at once, through {@code LISTEN}/{@code NOTIFY} on one
 * channel, instead of leaving them to find a change at their next poll. Each process listens on a connection of its
 * own (outside the pool, on a thread of its own, connecting again after the database restarts) and ignores its own
 * signals. A signal carries nothing: it says "read the store now"; the polling stays as the safety net. On H2,
 * whose store belongs to one process, it does nothing.
 */
public final class StoreSignals implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StoreSignals.class);
    /** How long a wait for signals blocks before it checks whether it should stop. */
    private static final int WAIT_MILLIS = 1000;

    private final Database database;
    private final String channel;
    private final String self;
    private final Thread listener;
    private volatile boolean closed;

    private StoreSignals(Database database, String channel, String self, Runnable onSignal) {
        this.database = database;
        this.channel = channel;
        this.self = self;
        if (database.dialect().isShared()) {
            this.listener = new Thread(() -> listen(onSignal), "updraft-store-signals");
            listener.setDaemon(true);
            listener.start();
        } else {
            this.listener = null;
        }
    }

    /**
     * @param channel a PostgreSQL identifier (letters, digits, underscores)
     * @param self this process's name: its own signals are not handed back to it
     * @param onSignal run on the listening thread for each batch of signals from other processes: it must not block
     */
    public static StoreSignals listen(Database database, String channel, String self, Runnable onSignal) {
        if (!channel.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("not a channel name: " + channel);
        }
        return new StoreSignals(database, channel, self, onSignal);
    }

    /**
     * Tells the other processes to read the store once the caller's transaction commits (PostgreSQL delivers a
     * {@code NOTIFY} at commit, and not at all on rollback): no commit of its own, so no extra disk flush.
     */
    void signalWithin(Handle handle) {
        if (listener != null && !closed) {
            handle.createQuery("SELECT pg_notify(:channel, :self)").bind("channel", channel).bind("self", self)
                    .mapTo(String.class).findOne();
        }
    }

    private void listen(Runnable onSignal) {
        while (!closed) {
            try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
                    database.password())) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + channel);
                }
                onSignal.run(); // anything signalled while this process was not listening
                PGConnection signals = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] received = signals.getNotifications(WAIT_MILLIS);
                    if (received != null && Arrays.stream(received).anyMatch(n -> !self.equals(n.getParameter()))) {
                        onSignal.run();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    LOG.warn("Listening on {} failed ({}); listening again in a second, polling meanwhile", channel,
                            e.toString());
                    sleepQuietly();
                }
            }
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (listener != null) {
            listener.interrupt();
        }
    }
}
