package io.updraft.rest.v2;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.LinkedHashMap;
import java.util.Map;

/** Airflow 3's {@code /api/v2/monitor/health} and {@code /api/v2/version}. */
@Controller("/api/v2")
public class MonitorController {

    public static final String VERSION = "3.1.0";

    private final Health health;

    public MonitorController(Health health) {
        this.health = health;
    }

    @Get("/monitor/health")
    public Map<String, Object> health() {
        return health.body();
    }

    @Get("/version")
    public Map<String, Object> version() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("version", VERSION);
        version.put("git_version", null);
        return version;
    }
}
