package io.updraft.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stores audit events from a background thread, those that arrive together in one transaction, so recording adds
 * no commit to the request that made the event. {@link #close} stores what is still queued. Thread-safe.
 */
public final class AuditWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);
    private static final int BATCH = 500;
    private static final int CAPACITY = 100_000;

    private final AuditLog log;
    private final BlockingQueue<AuditEvent> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread thread;
    private volatile boolean closed;

    public AuditWriter(AuditLog log) {
        this.log = log;
        this.thread = new Thread(this::drain, "updraft-audit-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Queues the event; if the store has fallen {@value #CAPACITY} events behind, it is written at once. */
    public void record(AuditEvent event) {
        if (closed || !queue.offer(event)) {
            write(List.of(event));
        }
    }

    private void drain() {
        List<AuditEvent> batch = new ArrayList<>();
        while (!closed || !queue.isEmpty()) {
            try {
                AuditEvent first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                write(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void write(List<AuditEvent> events) {
        try {
            log.recordAll(events);
        } catch (RuntimeException e) {
            LOG.error("Could not store {} audit events: {}", events.size(), e.toString());
        }
    }

    /** Stores everything queued, then stops. */
    @Override
    public void close() {
        closed = true;
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<AuditEvent> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            write(rest);
        }
    }
}
