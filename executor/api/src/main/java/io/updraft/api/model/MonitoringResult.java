package io.updraft.api.model;

import java.time.Instant;
import java.util.Map;

/**
 * One monitoring check of a model's predictions: the window it looked at, its state ({@link #OK}, {@link #WARN},
 * {@link #ALERT}, {@link #INSUFFICIENT_DATA}) and the statistics behind it (JSON object). {@code id} is 0 until stored.
 */
public record MonitoringResult(long id, String modelName, Instant computedAt, Instant windowStart,
        Instant windowEnd, String state, Map<String, Object> statistics, String dagId, String runId) {

    public static final String OK = "ok";
    public static final String WARN = "warn";
    public static final String ALERT = "alert";
    /** Too few predictions in the window or its reference to judge: neither ok nor a warning. */
    public static final String INSUFFICIENT_DATA = "insufficient_data";
}
