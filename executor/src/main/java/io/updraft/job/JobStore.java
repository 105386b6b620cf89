package io.updraft.job;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Liveness of engine processes: each process starts a job, heartbeats while it runs, and ends it on shutdown. A
 * running job whose heartbeat is too old belongs to a dead process whose task instances must be recovered.
 * Thread-safe.
 */
public interface JobStore {

    String RUNNING = "running";
    String SUCCESS = "success";
    String FAILED = "failed";

    /** @return the new job's id */
    long start(String jobType, String hostname, int pid);

    /** @return false when the job is no longer running (ended, or declared dead by another process) */
    boolean heartbeat(long id);

    /** Ends the job normally. */
    void end(long id);

    /** Marks a dead job failed, unless it ended meanwhile. @return whether it was marked */
    boolean markFailed(long id);

    Optional<Job> find(long id);

    /** The most recent heartbeat of any job of this type (Airflow's health check reads the latest SchedulerJob). */
    Optional<java.time.Instant> latestHeartbeat(String jobType);

    /** Running jobs of this type, latest heartbeat first. */
    List<Long> running(String jobType);

    /** Running jobs whose latest heartbeat is older than {@code heartbeatTimeout}, oldest heartbeat first. */
    List<Long> findDead(Duration heartbeatTimeout);
}
