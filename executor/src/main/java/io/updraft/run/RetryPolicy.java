package io.updraft.run;

import io.updraft.dag.Task;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;

/**
 * When a failed try may be retried: Airflow's {@code TaskInstance.next_retry_datetime}, including its
 * deterministic SHA-1 jitter for exponential backoff, so a retry happens when it would in Airflow.
 */
public final class RetryPolicy {

    /** Airflow's {@code MAX_RETRY_DELAY}: no computed backoff exceeds a day. */
    static final long MAX_RETRY_DELAY_SECONDS = 86_400;


    private RetryPolicy() {
    }

    /** True when the instance's failed try may be retried (Airflow's eligibility rule). */
    public static boolean canRetry(TaskInstance ti) {
        return ti.state() == TaskState.RESTARTING || (ti.maxTries() != 0 && ti.tryNumber() <= ti.maxTries());
    }

    /**
     * The delay before the next try after try {@code tryNumber} failed.
     *
     * @param logicalDate the run's logical date, or null for runs without one
     */
    public static Duration retryDelay(Task task, String dagId, Instant logicalDate, int tryNumber) {
        Duration delay = task.retryDelay();
        if (!task.retryExponentialBackoff()) {
            return delay;
        }
        double delaySeconds = delay.toNanos() / 1e9;
        long minBackoff = (long) Math.ceil(delaySeconds * Math.pow(2, tryNumber - 1));
        if (minBackoff < 1) {
            minBackoff = 1;
        }
        String hashInput = dagId + "#" + task.taskId() + "#" + pythonStr(logicalDate) + "#" + tryNumber;
        BigInteger tiHash = new BigInteger(1, sha1(hashInput));
        long modded = minBackoff + tiHash.mod(BigInteger.valueOf(minBackoff)).longValue();
        Duration result = Duration.ofSeconds(Math.min(modded, MAX_RETRY_DELAY_SECONDS));
        if (task.maxRetryDelay() != null && task.maxRetryDelay().compareTo(result) < 0) {
            result = task.maxRetryDelay();
        }
        return result;
    }

    /** The moment the instance becomes schedulable again: the end of the failed try plus the delay. */
    public static Instant nextRetryAt(Task task, String dagId, Instant logicalDate, TaskInstance failedTry) {
        Instant end = failedTry.endDate() == null ? Instant.EPOCH : failedTry.endDate();
        return end.plus(retryDelay(task, dagId, logicalDate, failedTry.tryNumber()));
    }

    /** Python's str() of a UTC datetime, "None" for a missing one. */
    static String pythonStr(Instant instant) {
        return instant == null ? "None" : RunIds.pythonStr(instant);
    }

    private static byte[] sha1(String text) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JRE", e);
        }
    }
}
