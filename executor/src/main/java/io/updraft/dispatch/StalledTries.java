package io.updraft.dispatch;

import io.updraft.operator.TaskLog;
import io.updraft.run.TaskAttempt;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remote tries that stalled: taken by a worker gone silent (zombies), or waiting with no worker to take them. Pure
 * decisions over what the store says, and the line a stalled try's log gets (the UI shows it).
 */
final class StalledTries {

    private static final Logger LOG = LoggerFactory.getLogger(StalledTries.class);

    private StalledTries() {
    }

    /** The taken, unended tries whose worker has been silent for longer than the threshold. */
    static List<RemoteTryStore.Row> zombies(List<RemoteTryStore.Row> taken, List<RemoteTryStore.WorkerRow> workers,
            Instant now, Duration threshold) {
        Map<String, Instant> heartbeats = new HashMap<>();
        workers.forEach(worker -> heartbeats.put(worker.name(), worker.lastHeartbeat()));
        return taken.stream().filter(row -> {
            // taking the try proves the worker was alive then (its first heartbeat may not be stored yet)
            Instant last = heartbeats.get(row.worker());
            if (last == null || (row.claimedAt() != null && row.claimedAt().isAfter(last))) {
                last = row.claimedAt();
            }
            return row.outcome() == null && last != null && Duration.between(last, now).compareTo(threshold) > 0;
        }).toList();
    }

    static String zombieReason(RemoteTryStore.Row zombie, Duration threshold) {
        return "Detected zombie: worker " + zombie.worker() + " sent no heartbeat for longer than "
                + threshold.toSeconds() + " s; the try is failed";
    }

    /** Why a try of {@code queue} still waits: no live worker serves the queue, or those that do are busy. */
    static String waitReason(String queue, List<RemoteTryStore.WorkerRow> workers, Instant now, Duration threshold,
            Set<String> localQueues) {
        List<String> serving = workers.stream().filter(w -> w.queues().contains(queue)
                && Duration.between(w.lastHeartbeat(), now).compareTo(threshold) <= 0)
                .map(RemoteTryStore.WorkerRow::name).toList();
        return serving.isEmpty()
                ? "Waiting for a worker: no live worker serves queue '" + queue + "' (start one with "
                        + "`updraft worker --queues " + queue + "`; this node runs " + localQueues + ")"
                : "Waiting for a worker of queue '" + queue + "': " + serving + " are busy";
    }

    /** A line in the try's log, which the UI shows: why it waits, or why it failed. */
    static void note(TaskAttempt attempt, String message) {
        try {
            Files.createDirectories(attempt.logFile().getParent());
            try (TaskLog log = TaskLog.append(attempt.logFile())) {
                log.warn("scheduler", message);
            }
        } catch (IOException e) {
            LOG.warn("Could not write to the log of {}: {}", attempt.taskInstance().key(), e.toString());
        }
    }
}
