package io.updraft.app;

import io.updraft.store.Job;
import io.updraft.store.JobStore;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * This process as an engine job: started in the store, heartbeating, ended on close. Also judges whether another
 * engine process is dead, so the task instances it held can be recovered.
 */
final class EngineProcess {

    static final Duration HEARTBEAT_INTERVAL = Duration.ofSeconds(5);
    /** Airflow's scheduler_health_check_threshold. */
    static final Duration HEARTBEAT_TIMEOUT = Duration.ofSeconds(30);

    private final JobStore jobs;
    private final long jobId;
    private final String hostname;
    private final int pid;

    private EngineProcess(JobStore jobs, long jobId, String hostname, int pid) {
        this.jobs = jobs;
        this.jobId = jobId;
        this.hostname = hostname;
        this.pid = pid;
    }

    static EngineProcess start(JobStore jobs, ScheduledExecutorService timer) {
        String hostname = localHostname();
        int pid = (int) ProcessHandle.current().pid();
        EngineProcess process = new EngineProcess(jobs, jobs.start("SchedulerJob", hostname, pid), hostname, pid);
        timer.scheduleWithFixedDelay(() -> jobs.heartbeat(process.jobId), HEARTBEAT_INTERVAL.toMillis(),
                HEARTBEAT_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return process;
    }

    /**
     * Dead: unknown, ended, silent for longer than the heartbeat timeout, or on this host with its process gone
     * (found at once after a kill -9, without waiting for the timeout).
     */
    boolean isDead(Long otherJobId) {
        Optional<Job> job = jobs.find(otherJobId);
        if (job.isEmpty() || !JobStore.RUNNING.equals(job.get().state())) {
            return true;
        }
        boolean silent = job.get().latestHeartbeat().isBefore(Instant.now().minus(HEARTBEAT_TIMEOUT));
        boolean goneHere = hostname.equals(job.get().hostname())
                && ProcessHandle.of(job.get().pid()).map(p -> !p.isAlive()).orElse(true);
        if (silent || goneHere) {
            jobs.markFailed(otherJobId);
            return true;
        }
        return false;
    }

    void end() {
        jobs.end(jobId);
    }

    long jobId() {
        return jobId;
    }

    String hostname() {
        return hostname;
    }

    int pid() {
        return pid;
    }

    private static String localHostname() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
