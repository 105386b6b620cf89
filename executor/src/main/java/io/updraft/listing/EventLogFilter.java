package io.updraft.listing;

import java.time.Instant;
import java.util.List;

/**
 * The audit log's filters (null or empty: no criterion): exact values, Airflow's {@code *_pattern}s, the time
 * window ({@code after} < dttm < {@code before}), and events included (any of) and excluded (none of).
 */
public record EventLogFilter(String dagId, String taskId, String runId, Integer mapIndex, Integer tryNumber,
                             String owner, String event, String dagIdPattern, String taskIdPattern,
                             String runIdPattern, String ownerPattern, String eventPattern, Instant after,
                             Instant before, List<String> includedEvents, List<String> excludedEvents) {

    public EventLogFilter {
        includedEvents = List.copyOf(includedEvents);
        excludedEvents = List.copyOf(excludedEvents);
    }
}
