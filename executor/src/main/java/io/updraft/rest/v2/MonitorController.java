package io.updraft.rest.v2;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.updraft.app.Updraft;
import io.updraft.rest.Dates;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Airflow 3's {@code /api/v2/monitor/health} and {@code /api/v2/version}. */
@Controller("/api/v2")
public class MonitorController {

    public static final String VERSION = "3.1.0";
    /** {@code [scheduler] scheduler_health_check_threshold}. */
    static final Duration HEALTH_THRESHOLD = Duration.ofSeconds(30);

    private final Updraft updraft;

    public MonitorController(Updraft updraft) {
        this.updraft = updraft;
    }

    @Get("/monitor/health")
    public Map<String, Object> health() {
        return health(updraft);
    }

    /**
     * The health body (the same in v1): the scheduler is the engine process, healthy while its job heartbeats;
     * Updraft has no triggerer or separate DAG processor, whose status is null as for components that never ran.
     */
    public static Map<String, Object> health(Updraft updraft) {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("metadatabase", Map.of("status", updraft.isDatabaseHealthy() ? "healthy" : "unhealthy"));
        Optional<Instant> heartbeat = Optional.empty();
        try {
            heartbeat = updraft.jobs().latestHeartbeat("SchedulerJob");
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

    @Get("/version")
    public Map<String, Object> version() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("version", VERSION);
        version.put("git_version", null);
        return version;
    }
}
