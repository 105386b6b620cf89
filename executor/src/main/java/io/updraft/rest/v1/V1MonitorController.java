package io.updraft.rest.v1;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.updraft.rest.v2.Health;
import java.util.LinkedHashMap;
import java.util.Map;

/** Airflow 2's {@code /api/v1/health} and {@code /api/v1/version} (the version is the Airflow 2 line served). */
@Controller("/api/v1")
public class V1MonitorController {

    static final String VERSION = "2.10.5";

    private final Health health;

    public V1MonitorController(Health health) {
        this.health = health;
    }

    @Get("/health")
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
