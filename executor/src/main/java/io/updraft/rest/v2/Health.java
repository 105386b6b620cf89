package io.updraft.rest.v2;

import io.updraft.rest.Dates;
import io.updraft.job.DatabaseProbe;
import io.updraft.job.EngineProcess;
import io.updraft.job.JobStore;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The health of the metadata database and of the scheduler's heartbeat, for {@code /api/v2} and {@code /api/v1}. */
@Singleton
public class Health {

    /** {@code [scheduler] scheduler_health_check_threshold}. */
    static final Duration HEALTH_THRESHOLD = Duration.ofSeconds(30);

    private final DatabaseProbe database;
    private final JobStore jobs;

    public Health(DatabaseProbe database, JobStore jobs) {
        this.database = database;
        this.jobs = jobs;
    }

    /**
     * The health body (the same in v1): the scheduler is the engine process, healthy while its job heartbeats;
     * Updraft has no triggerer or separate DAG processor, whose status is null as for components that never ran.
     */
    public Map<String, Object> body() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("metadatabase", Map.of("status", database.isHealthy() ? "healthy" : "unhealthy"));
        Optional<Instant> heartbeat = Optional.empty();
        try {
            heartbeat = jobs.latestHeartbeat(EngineProcess.SCHEDULER);
        } catch (RuntimeException e) {
            // an unreachable store: the scheduler's state is unknown, reported as unhealthy
        }
        Map<String, Object> scheduler = new LinkedHashMap<>();
        scheduler.put("status", heartbeat.isPresent()
                && heartbeat.get().isAfter(Instant.now().minus(HEALTH_THRESHOLD)) ? "healthy" : "unhealthy");
        scheduler.put("latest_scheduler_heartbeat", heartbeat.map(Dates::iso).orElse(null));
        health.put("scheduler", scheduler);
        health.put("triggerer", component("latest_triggerer_heartbeat"));
        health.put("dag_processor", component("latest_dag_processor_heartbeat"));
        return health;
    }

    private static Map<String, Object> component(String heartbeatField) {
        Map<String, Object> component = new LinkedHashMap<>();
        component.put("status", null);
        component.put(heartbeatField, null);
        return component;
    }
}
