package io.updraft.rest.v1;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.updraft.app.Updraft;
import io.updraft.rest.v2.MonitorController;
import java.util.LinkedHashMap;
import java.util.Map;

/** Airflow 2's {@code /api/v1/health} and {@code /api/v1/version} (the version is the Airflow 2 line served). */
@Controller("/api/v1")
public class V1MonitorController {

    static final String VERSION = "2.10.5";

    private final Updraft updraft;

    public V1MonitorController(Updraft updraft) {
        this.updraft = updraft;
    }

    @Get("/health")
    public Map<String, Object> health() {
        return MonitorController.health(updraft);
    }

    @Get("/version")
    public Map<String, Object> version() {
        Map<String, Object> version = new LinkedHashMap<>();
        version.put("version", VERSION);
        version.put("git_version", null);
        return version;
    }
}
