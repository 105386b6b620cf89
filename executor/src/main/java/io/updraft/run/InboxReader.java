package io.updraft.run;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine loop's side of the {@link EngineInbox}: changes other nodes ask of the runs this node drives join the
 * loop's batch as operations, at most every {@link #POLL}; each is answered once applied (or refused).
 */
final class InboxReader implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InboxReader.class);
    static final Duration POLL = Duration.ofMillis(100);

    private final EngineInbox inbox;
    private final RunLeases leases;
    private final Clock clock;
    /** Requests taken from the inbox and not answered yet. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    private final ExecutorService answers = Executors.newSingleThreadExecutor(TryLauncher.named("updraft-inbox"));
    private Instant nextPoll = Instant.MIN;

    /** @param inbox null when this node shares its store with no other */
    InboxReader(EngineInbox inbox, RunLeases leases, Clock clock) {
        this.inbox = inbox;
        this.leases = leases;
        this.clock = clock;
    }

    /** On the engine thread: adds the requests waiting for this node to the batch, when a poll is due. */
    void poll(List<EngineEvent> batch) {
        Instant now = clock.instant();
        if (inbox == null || now.isBefore(nextPoll)) {
            return;
        }
        nextPoll = now.plus(POLL);
        for (EngineInbox.Pending pending : inbox.pending(leases.owner(), 100)) {
            if (!inFlight.add(pending.id())) {
                continue;
            }
            CompletableFuture<Object> result = new CompletableFuture<>();
            result.whenCompleteAsync((value, failure) -> answer(pending.id(), value, failure), answers);
            try {
                RunRequest request = RunRequest.decode(pending.request());
                batch.add(new EngineEvent.Operation(request.dagId(), request.runId(), request::apply, result));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }
    }

    private void answer(long id, Object value, Throwable failure) {
        try {
            inbox.answer(id, failure == null, failure == null ? String.valueOf(value)
                    : RemoteFailures.describe(failure instanceof CompletionException c ? c.getCause() : failure));
        } catch (RuntimeException e) {
            LOG.warn("Could not answer request {} of another node", id, e);
        } finally {
            inFlight.remove(id);
        }
    }

    @Override
    public void close() {
        answers.shutdown();
    }
}
