package io.updraft.auth;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import java.util.Map;

/**
 * Test-only endpoints under the paths the access rules classify (DAGs: user writes; pools: op writes; connections:
 * op for everything), answering with who called. The "updraftAuthProbe" segment keeps them clear of the real
 * REST controllers' routes.
 */
@Controller("/api")
class AuthProbeController {

    @Get("/v2/dags/{dagId}/updraftAuthProbe")
    Map<String, String> readDag(String dagId, HttpRequest<?> request) {
        return caller(request);
    }

    @Post("/v2/dags/{dagId}/updraftAuthProbe")
    Map<String, String> writeDag(String dagId, HttpRequest<?> request) {
        return caller(request);
    }

    @Patch("/v2/dags/{dagId}/updraftAuthProbe")
    Map<String, String> patchDag(String dagId, HttpRequest<?> request) {
        return caller(request);
    }

    @Post("/v2/pools/{pool}/updraftAuthProbe")
    Map<String, String> writePool(String pool, HttpRequest<?> request) {
        return caller(request);
    }

    @Get("/v2/connections/{connectionId}/updraftAuthProbe")
    Map<String, String> readConnection(String connectionId, HttpRequest<?> request) {
        return caller(request);
    }

    @Get("/v1/dags/{dagId}/updraftAuthProbe")
    Map<String, String> readDagV1(String dagId, HttpRequest<?> request) {
        return caller(request);
    }

    @Post("/v1/dags/{dagId}/updraftAuthProbe")
    Map<String, String> writeDagV1(String dagId, HttpRequest<?> request) {
        return caller(request);
    }

    private static Map<String, String> caller(HttpRequest<?> request) {
        Principal principal = Principals.of(request).orElseThrow();
        return Map.of("username", principal.username(), "role", principal.role().airflowName());
    }
}
