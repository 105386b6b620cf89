package io.updraft.dispatch;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tries offered to remote workers and the workers' heartbeats, shared by every node (tables {@code remote_try}
 * and {@code remote_worker}; implemented in {@code io.updraft.store}). Thread-safe.
 */
public interface RemoteTryStore {

    /** A try as stored: {@code worker} is null until a worker takes it, {@code outcome} until it ends. */
    record Row(String id, String queue, Long ownerJobId, String workload, String worker, String hostname,
               Instant claimedAt, String killReason, String outcome, Instant endedAt) {
    }

    /** A worker's last heartbeat. */
    record WorkerRow(String name, String hostname, List<String> queues, int concurrency, int running,
                     Instant firstSeen, Instant lastHeartbeat) {
    }

    /**
     * A try to queue for the workers.
     *
     * @param worker the worker it is handed to at once (a long poll was waiting on this node), or null
     */
    record Offer(String id, String queue, int priorityWeight, String workload, String worker, String hostname) {

        public Offer handedTo(String toWorker, String toHostname) {
            return new Offer(id, queue, priorityWeight, workload, toWorker, toHostname);
        }
    }

    /**
     * Queues tries in one transaction, those handed to a worker already taken by it; a row left for the same try by
     * a node that died before it ended is replaced.
     */
    void offer(List<Offer> offers, Long ownerJobId);

    /**
     * Takes up to {@code limit} of the most urgent waiting tries of these queues for the worker, in one transaction.
     */
    List<Row> claim(String worker, String hostname, Collection<String> queues, int limit);

    Optional<Row> find(String id);

    /** Tries this node offered that a worker took (started or ended): what the node has to report to its engine. */
    List<Row> takenOf(Long ownerJobId);

    /**
     * Records a try's outcome, once, from the worker that holds it.
     *
     * @return false when the try is not (or no longer) that worker's, or already ended: the result is refused
     */
    boolean finish(String id, String worker, String outcome, Instant endedAt);

    /** Withdraws a try: one no worker took is deleted (true); a started one is marked to be killed by its worker. */
    boolean withdraw(String id, String reason);

    void delete(Collection<String> ids);

    /**
     * Deletes the rows nobody will read again: offered over {@code age} ago by a node that is no longer running,
     * for a try that is not its task instance's live one any more (the run was deleted, marked or cleared while no
     * node drove it). A dead node's row whose try is still queued or running is kept for the node taking the run
     * over. A try's id is its task instance's id, a dot and the try number (see {@link Workload#tryId}).
     *
     * @return how many rows went
     */
    int deleteOrphans(Duration age);

    /** Makes {@code ownerJobId} the node a try's start and end are reported to (it took the try's run over). */
    void adopt(String id, Long ownerJobId);

    /** Tries of the worker that must stop: withdrawn, or offered by a node that is gone. */
    List<Row> heldBy(String worker);

    /** Tries waiting for a worker, by queue, across all nodes. */
    Map<String, Integer> waitingByQueue();

    void heartbeat(String worker, String hostname, List<String> queues, int concurrency, int running);

    /** Every worker that sent a heartbeat and was not forgotten yet, by name. */
    List<WorkerRow> workers();

    /** Forgets workers silent for longer than {@code age} (they are listed as gone until then). */
    void forgetWorkers(Duration age);
}
