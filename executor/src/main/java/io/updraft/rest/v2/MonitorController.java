package io.updraft.rest.v2;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.updraft.app.Updraft;
import java.util.LinkedHashMap;
import java.util.Map;

/** Airflow 3's {@code /api/v2/monitor/health} and {@code /api/v2/version}. */
@Controller("/api/v2")
public class MonitorController {

    static final String VERSION = "3.1.0";

    private final Updraft updraft;

    public MonitorController(Updraft updraft) {
        this.updraft = updraft;
    }

    @Get("/monitor/health")
    public Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("metadatabase", Map.of("status", updraft.isDatabaseHealthy() ? "healthy" : "unhealthy"));
        Map<String, Object> scheduler = new LinkedHashMap<>();
        scheduler.put("status", "healthy");
        scheduler.put("latest_scheduler_heartbeat", null);
        health.put("scheduler", scheduler);
        return health;
    }

    @Get("/version")
    public Map<String, Object> version() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("version", VERSION);
        version.put("git_version", null);
        return version;
    }
}
