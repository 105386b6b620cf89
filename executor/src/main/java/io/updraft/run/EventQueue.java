package io.updraft.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The engine's incoming events, taken as batches: whatever arrived together is one step. Claims of remote tries
 * (queued to running) that arrive alone wait up to {@link #CLAIM_HOLD} for other events, so that they share a
 * commit with them instead of costing one of their own: a claim only records that a worker began the try, which the
 * worker does not wait for, and a try that ends before its claim is stored has both written in one update. A held
 * claim is lost with the process like any uncommitted event; the node taking over the run adopts the try again.
 */
final class EventQueue {

    static final Duration CLAIM_HOLD = Duration.ofMillis(50);

    private final LinkedBlockingQueue<EngineEvent> events = new LinkedBlockingQueue<>();
    private final List<EngineEvent> held = new ArrayList<>();
    private long heldSince;

    void add(EngineEvent event) {
        events.add(event);
    }

    /**
     * Fills {@code batch} with the events of the next step, waiting up to {@code waitMillis} for the first; held
     * claims join the first batch with other events, or make one of their own once held long enough.
     *
     * @param flush take held claims now (the engine is stopping)
     */
    void take(List<EngineEvent> batch, long waitMillis, boolean flush) throws InterruptedException {
        long wait = held.isEmpty() ? waitMillis : Math.min(waitMillis, Math.max(0, holdLeftMillis()));
        EngineEvent first = events.poll(wait, TimeUnit.MILLISECONDS);
        if (first != null) {
            batch.add(first);
            events.drainTo(batch);
        }
        if (!flush && !batch.isEmpty() && batch.stream().allMatch(e -> e instanceof EngineEvent.TryClaimed)
                && (held.isEmpty() || holdLeftMillis() > 0)) {
            if (held.isEmpty()) {
                heldSince = System.nanoTime();
            }
            held.addAll(batch);
            batch.clear();
            return;
        }
        if (!held.isEmpty() && (flush || !batch.isEmpty() || holdLeftMillis() <= 0)) {
            batch.addAll(0, held); // in arrival order: a claim comes before its try's end
            held.clear();
        }
    }

    private long holdLeftMillis() {
        return CLAIM_HOLD.toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - heldSince);
    }
}
