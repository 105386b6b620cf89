package io.updraft.dispatch;

import io.updraft.dispatch.WorkerQueues.Claim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The workers' long polls waiting on this node: each is answered with the tries it may take as soon as there are
 * some (new offers of this node, or tries the store holds for its queues), or with none after its wait. Served on
 * the queues' one thread; polls are added from any thread.
 */
final class LongPolls {

    /** One waiting poll. */
    record Waiter(String worker, String hostname, Set<String> queues, int slots,
                  CompletableFuture<List<Claim>> result, long deadlineNanos) {
    }

    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();

    CompletableFuture<List<Claim>> add(String worker, String hostname, Collection<String> queues, int slots,
            Duration wait) {
        CompletableFuture<List<Claim>> result = new CompletableFuture<>();
        waiters.add(new Waiter(worker, hostname, Set.copyOf(queues), Math.max(1, slots), result,
                System.nanoTime() + wait.toNanos()));
        return result;
    }

    /**
     * Matches new offers to the waiting polls, in order: each offer a poll can take is replaced in {@code batch} by
     * the offer handed to that poll's worker.
     *
     * @return the claims of each poll that got some
     */
    Map<Waiter, List<Claim>> match(List<RemoteTryStore.Offer> batch) {
        Map<Waiter, List<Claim>> handed = new LinkedHashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            RemoteTryStore.Offer offer = batch.get(i);
            for (Waiter waiter : waiters) {
                List<Claim> taken = handed.computeIfAbsent(waiter, w -> new ArrayList<>());
                if (!waiter.result().isDone() && waiter.queues().contains(offer.queue())
                        && taken.size() < waiter.slots()) {
                    taken.add(new Claim(offer.id(), offer.workload()));
                    batch.set(i, offer.handedTo(waiter.worker(), waiter.hostname()));
                    break;
                }
            }
        }
        handed.values().removeIf(List::isEmpty);
        return handed;
    }

    /** The poll is answered (or is being answered): it waits no more. */
    void remove(Waiter waiter) {
        waiters.remove(waiter);
    }

    /**
     * Hands the tries the store holds for their queues to the waiting polls, and ends the polls that waited long
     * enough.
     *
     * @param claimed told of each try a poll took
     */
    void serve(RemoteTryStore store, Consumer<RemoteTryStore.Row> claimed) {
        for (Waiter waiter : waiters) {
            if (waiter.result().isDone()) {
                waiters.remove(waiter);
                continue;
            }
            try {
                List<RemoteTryStore.Row> taken = store.claim(waiter.worker(), waiter.hostname(), waiter.queues(),
                        waiter.slots());
                if (!taken.isEmpty()) {
                    waiters.remove(waiter);
                    List<Claim> claims = taken.stream().map(row -> new Claim(row.id(), row.workload())).toList();
                    if (!waiter.result().complete(claims)) {
                        taken.forEach(row -> store.withdraw(row.id(), "the worker's poll ended before it got the try"));
                    }
                    taken.forEach(claimed);
                } else if (System.nanoTime() - waiter.deadlineNanos() >= 0) {
                    waiters.remove(waiter);
                    waiter.result().complete(List.of());
                }
            } catch (RuntimeException e) {
                waiters.remove(waiter);
                waiter.result().completeExceptionally(e);
            }
        }
    }

    /** Answers every poll with no tries (the node shuts down). */
    void close() {
        waiters.forEach(waiter -> waiter.result().complete(List.of()));
    }
}
