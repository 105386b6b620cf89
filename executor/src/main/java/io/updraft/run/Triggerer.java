package io.updraft.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Airflow's triggerer inside the engine process: every deferred instance's {@link Trigger} is a timer in one delay
 * queue served by {@value #THREADS} threads, so ten thousand deferred tasks cost ten thousand small entries and no
 * thread each. A due trigger is checked (a {@link Trigger#DATETIME} one just fires); one that has not fired is
 * checked again after its poll interval, until its timeout. Firing tells the engine with
 * {@link EngineEvent.TriggerFired}; the engine's decision step decides what it means. Thread-safe.
 */
final class Triggerer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Triggerer.class);
    static final int THREADS = 2;

    private final ScheduledThreadPoolExecutor timers;
    private final Consumer<EngineEvent> engine;
    private final Clock clock;
    private final Map<TaskInstanceKey, ScheduledFuture<?>> held = new ConcurrentHashMap<>();
    private volatile TriggerPoller poller = TriggerPoller.TIMERS_ONLY;

    Triggerer(Consumer<EngineEvent> engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
        this.timers = new ScheduledThreadPoolExecutor(THREADS, TryLauncher.named("updraft-triggerer"));
        this.timers.setRemoveOnCancelPolicy(true);
    }

    void poller(TriggerPoller checks) {
        this.poller = checks == null ? TriggerPoller.TIMERS_ONLY : checks;
    }

    /** Holds the wait's trigger until it fires; replaces a trigger held for the same instance. */
    void hold(long runId, TaskWait wait) {
        Trigger trigger = wait.trigger();
        Instant first = trigger.firstCheck();
        if (trigger.timeoutAt() != null && trigger.timeoutAt().isBefore(first)) {
            first = trigger.timeoutAt();
        }
        schedule(runId, wait, first);
    }

    /** How many triggers are held (not fired yet). */
    int size() {
        held.values().removeIf(ScheduledFuture::isDone);
        return held.size();
    }

    private void schedule(long runId, TaskWait wait, Instant at) {
        long delay = Math.max(0, Duration.between(clock.instant(), at).toMillis());
        ScheduledFuture<?> previous = held.put(wait.key(),
                timers.schedule(() -> check(runId, wait), delay, TimeUnit.MILLISECONDS));
        if (previous != null) {
            previous.cancel(false);
        }
    }

    private void check(long runId, TaskWait wait) {
        Trigger trigger = wait.trigger();
        Instant now = clock.instant();
        Map<String, Object> event;
        if (trigger.timeoutAt() != null && !now.isBefore(trigger.timeoutAt())) {
            event = Map.of("status", Trigger.TIMEOUT, "message", "Trigger/execution timeout");
        } else if (Trigger.DATETIME.equals(trigger.kind())) {
            event = Map.of("status", "success", "moment", trigger.firstCheck().toString());
        } else {
            try {
                event = poller.poll(trigger);
            } catch (Exception | LinkageError e) {
                LOG.warn("Trigger {} of {} failed", trigger.kind(), wait.key(), e);
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("status", "error");
                error.put("message", String.valueOf(e.getMessage()));
                event = error;
            }
        }
        if (event == null) {
            Instant next = now.plus(trigger.pollInterval().isZero() ? Duration.ofSeconds(1) : trigger.pollInterval());
            schedule(runId, wait, trigger.timeoutAt() != null && next.isAfter(trigger.timeoutAt())
                    ? trigger.timeoutAt() : next);
            return;
        }
        engine.accept(new EngineEvent.TriggerFired(runId, wait.key(), wait.tryNumber(), event));
    }

    @Override
    public void close() {
        timers.shutdownNow();
        held.clear();
    }
}
