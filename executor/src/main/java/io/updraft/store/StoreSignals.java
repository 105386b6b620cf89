package io.updraft.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
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
    private final java.util.concurrent.ExecutorService sender = java.util.concurrent.Executors.newSingleThreadExecutor(
            runnable -> {
                Thread thread = new Thread(runnable, "updraft-store-signal-sender");
                thread.setDaemon(true);
                return thread;
            });
    private final java.util.concurrent.atomic.AtomicBoolean pending = new java.util.concurrent.atomic.AtomicBoolean();
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
     * Tells the other processes to read the store now, without waiting: signals asked for while one is being sent
     * become one. A failure only costs them their next poll's delay.
     */
    public void signal() {
        if (listener == null || closed || !pending.compareAndSet(false, true)) {
            return;
        }
        try {
            sender.execute(() -> {
                pending.set(false);
                try {
                    database.jdbi().useHandle(handle -> handle.createQuery("SELECT pg_notify(:channel, :self)")
                            .bind("channel", channel).bind("self", self).mapTo(String.class).findOne());
                } catch (RuntimeException e) {
                    LOG.debug("Could not signal the other nodes on {}: {}", channel, e.toString());
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException closing) {
            pending.set(false);
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
        sender.shutdown();
        if (listener != null) {
            listener.interrupt();
        }
    }
}
