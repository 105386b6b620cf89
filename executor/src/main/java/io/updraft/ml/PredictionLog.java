package io.updraft.ml;

import io.updraft.api.model.ModelRegistry;
import io.updraft.api.model.PredictionRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes predictions to the registry's log off the request path: requests enqueue, one writer thread stores them
 * in batches (one transaction each). A failed batch is retried, never dropped; {@link #close()} writes everything
 * still queued before it returns. When the queue is full, requests wait for the writer (back pressure), so nothing
 * is lost under overload either.
 */
final class PredictionLog implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PredictionLog.class);
    private static final int MAX_BATCH = 5_000;
    private static final int CAPACITY = 200_000;

    private final ModelRegistry registry;
    private final BlockingQueue<PredictionRecord> queue = new LinkedBlockingQueue<>(CAPACITY);
    private final Thread writer;
    private final Object progress = new Object();
    private long enqueued;
    private long written;
    private volatile boolean closing;

    PredictionLog(ModelRegistry registry) {
        this.registry = registry;
        this.writer = new Thread(this::writeLoop, "updraft-prediction-log");
        writer.setDaemon(true);
        writer.start();
    }

    void append(List<PredictionRecord> predictions) {
        if (closing) {
            throw new IllegalStateException("the prediction log is closed");
        }
        synchronized (progress) {
            enqueued += predictions.size();
        }
        for (PredictionRecord p : predictions) {
            try {
                queue.put(p);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while logging a prediction", e);
            }
        }
    }

    /** Waits until everything appended so far is stored. */
    void flush() throws InterruptedException {
        synchronized (progress) {
            long target = enqueued;
            while (written < target) {
                progress.wait(1000);
            }
        }
    }

    private void writeLoop() {
        List<PredictionRecord> batch = new ArrayList<>();
        while (true) {
            try {
                if (batch.isEmpty()) {
                    PredictionRecord first = queue.poll(100, TimeUnit.MILLISECONDS);
                    if (first == null) {
                        if (closing && queue.isEmpty()) {
                            return;
                        }
                        continue;
                    }
                    batch.add(first);
                    queue.drainTo(batch, MAX_BATCH - 1);
                }
                registry.logPredictions(batch);
                synchronized (progress) {
                    written += batch.size();
                    progress.notifyAll();
                }
                batch.clear();
            } catch (InterruptedException e) {
                // only close() interrupts, after setting closing: go on until the queue is empty
            } catch (RuntimeException e) {
                LOG.warn("Could not store {} predictions, retrying in 1 s: {}", batch.size(), e.toString());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ignored) {
                    // keep the batch and retry
                }
                if (closing && batch.size() > 0 && writerGaveUp()) {
                    LOG.error("Dropping {} predictions: the store is gone at shutdown", batch.size() + queue.size());
                    return;
                }
            }
        }
    }

    private int failuresAtClose;

    /** At shutdown a store that keeps failing (closed under us) must not hold the process forever. */
    private boolean writerGaveUp() {
        return ++failuresAtClose >= 5;
    }

    @Override
    public void close() {
        closing = true;
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
