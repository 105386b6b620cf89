package io.updraft.job;

import io.updraft.job.Job;
import io.updraft.job.JobStore;
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
public final class EngineProcess {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(EngineProcess.class);

    /** An engine that drives every run queued for it (`standalone`, `scheduler`): Airflow's scheduler job. */
    public static final String SCHEDULER = "SchedulerJob";
    /** An engine that drives only the runs its own command makes (`dags test`, the CLI's writes). */
    public static final String LOCAL = "LocalEngineJob";

    private final JobStore jobs;
    private volatile Instant lastHeartbeat = Instant.now();
    /** How long a job may stay silent before it counts as dead (Airflow's scheduler_health_check_threshold). */
    private final Duration heartbeatTimeout;
    private final long jobId;
    private final String hostname;
    private final int pid;

    private EngineProcess(JobStore jobs, Duration heartbeatTimeout, long jobId, String hostname, int pid) {
        this.jobs = jobs;
        this.heartbeatTimeout = heartbeatTimeout;
        this.jobId = jobId;
        this.hostname = hostname;
        this.pid = pid;
    }

    /**
     * @param jobType {@link #SCHEDULER} for an engine that takes on the runs others queue, else {@link #LOCAL}
     * @param lease how long this job may stay silent before others count it dead; it heartbeats 6 times per lease
     */
    public static EngineProcess start(JobStore jobs, String jobType, Duration lease, ScheduledExecutorService timer) {
        String hostname = localHostname();
        int pid = (int) ProcessHandle.current().pid();
        EngineProcess process = new EngineProcess(jobs, lease, jobs.start(jobType, hostname, pid), hostname,
                pid);
        long interval = Math.max(100, lease.toMillis() / 6);
        timer.scheduleWithFixedDelay(process::heartbeat, interval, interval, TimeUnit.MILLISECONDS);
        return process;
    }

    /**
     * Dead: unknown, ended, silent for longer than the heartbeat timeout, or on this host with its process gone
     * (found at once after a kill -9, without waiting for the timeout).
     */
    public boolean isDead(Long otherJobId) {
        Optional<Job> job = jobs.find(otherJobId);
        if (job.isEmpty() || !JobStore.RUNNING.equals(job.get().state())) {
            return true;
        }
        boolean silent = job.get().latestHeartbeat().isBefore(Instant.now().minus(heartbeatTimeout));
        boolean goneHere = hostname.equals(job.get().hostname())
                && ProcessHandle.of(job.get().pid()).map(p -> !p.isAlive()).orElse(true);
        if (silent || goneHere) {
            jobs.markFailed(otherJobId);
            return true;
        }
        return false;
    }

    /** A failed heartbeat (the database restarting) is tried again at the next one, never given up. */
    private void heartbeat() {
        try {
            boolean alive = jobs.heartbeat(jobId);
            lastHeartbeat = Instant.now();
            if (!alive) {
                LOG.error("This engine's job {} was declared dead by another node; its runs are being taken over",
                        jobId);
            }
        } catch (RuntimeException e) {
            LOG.warn("Heartbeat of job {} failed: {}", jobId, e.getMessage());
        }
    }

    /** When this job's heartbeat last reached the store. */
    public Instant lastHeartbeat() {
        return lastHeartbeat;
    }

    public void end() {
        jobs.end(jobId);
    }

    public long jobId() {
        return jobId;
    }

    public String hostname() {
        return hostname;
    }

    public int pid() {
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
