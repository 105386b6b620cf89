package io.updraft.run;

import io.updraft.dag.Task;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.ArrayList;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Airflow's critical section: which scheduled task instances may start now. Ordered by priority weight (highest
 * first), then logical date, then map index; limited by parallelism, pool slots and each run's max_active_tasks.
 * A lower-priority instance may start when a higher one waits for a full pool (no head-of-line blocking).
 * Confined to the engine thread.
 */
final class Admission {

    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);

    private record Waiting(ActiveRun run, TaskInstanceKey key, int priority, Instant logicalDate, int mapIndex,
                           long sequence) {
    }

    private static final Comparator<Waiting> ORDER = Comparator
            .comparingInt((Waiting w) -> -w.priority())
            .thenComparing(Waiting::logicalDate, Comparator.nullsLast(Comparator.naturalOrder()))
            .thenComparingInt(Waiting::mapIndex)
            .thenComparingLong(Waiting::sequence);

    private final int parallelism;
    private final Function<String, OptionalInt> poolSlots;
    private final TreeSet<Waiting> waiting = new TreeSet<>(ORDER);
    private final Map<String, Integer> poolUsage = new HashMap<>();
    private final Set<String> missingPoolsReported = new HashSet<>();
    private int executing;
    private long sequence;

    /** @param poolSlots slots of a pool by name (-1 = unlimited), empty when the pool does not exist */
    Admission(int parallelism, Function<String, OptionalInt> poolSlots) {
        this.parallelism = parallelism;
        this.poolSlots = poolSlots;
    }

    void add(ActiveRun run, TaskInstance ti) {
        waiting.add(new Waiting(run, ti.key(), ti.priorityWeight(), run.run().logicalDate(), ti.mapIndex(),
                sequence++));
    }

    /** Picks the instances that may start now and counts them as executing. */
    List<TaskInstanceRef> admit() {
        List<TaskInstanceRef> admitted = new ArrayList<>();
        Iterator<Waiting> it = waiting.iterator();
        while (it.hasNext() && executing < parallelism) {
            Waiting candidate = it.next();
            ActiveRun ar = candidate.run();
            TaskInstance ti = ar.get(candidate.key());
            if (ti == null || ti.state() != TaskState.SCHEDULED || !ar.isUnfinished()) {
                it.remove();
                continue;
            }
            if (ar.run().state() != RunState.RUNNING || !fitsPool(ar.task(ti.key()), ti)
                    || ar.executing() >= ar.dag().maxActiveTasks()) {
                continue;
            }
            it.remove();
            occupy(ar, ti, 1);
            admitted.add(new TaskInstanceRef(ar, ti.key()));
        }
        return admitted;
    }

    private boolean fitsPool(Task task, TaskInstance ti) {
        OptionalInt slots = poolSlots.apply(ti.pool());
        if (slots.isEmpty()) {
            if (missingPoolsReported.add(ti.pool())) {
                LOG.warn("Task {} uses pool '{}', which does not exist; it waits until the pool is created",
                        task.taskId(), ti.pool());
            }
            return false;
        }
        if (slots.getAsInt() < 0) {
            return true;
        }
        return poolUsage.getOrDefault(ti.pool(), 0) + ti.poolSlots() <= slots.getAsInt();
    }

    /** Counts an instance as executing (+1) or no longer executing (-1). */
    void occupy(ActiveRun ar, TaskInstance ti, int sign) {
        executing += sign;
        ar.addExecuting(sign);
        poolUsage.merge(ti.pool(), sign * ti.poolSlots(), Integer::sum);
    }

    /** Forgets every waiting and executing instance (before the runs are rebuilt from the store). */
    void clear() {
        waiting.clear();
        poolUsage.clear();
        executing = 0;
    }

    int executing() {
        return executing;
    }

    /** Scheduled instances waiting for a slot, by queue. */
    Map<String, Integer> waitingByQueue() {
        Map<String, Integer> byQueue = new java.util.TreeMap<>();
        for (Waiting candidate : waiting) {
            TaskInstance ti = candidate.run().get(candidate.key());
            if (ti != null && ti.state() == TaskState.SCHEDULED) {
                byQueue.merge(ti.queue() == null ? "default" : ti.queue(), 1, Integer::sum);
            }
        }
        return byQueue;
    }

    /** Slots taken by this engine's executing instances, by pool. */
    Map<String, Integer> poolUsage() {
        return new java.util.TreeMap<>(poolUsage);
    }

    /** A task instance of an active run. */
    record TaskInstanceRef(ActiveRun run, TaskInstanceKey key) {
    }
}
