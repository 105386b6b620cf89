package io.updraft.rest;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Error;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.web.router.Router;

/**
 * Paths under the APIs that no controller serves answer in each API's error shape ({@code {"detail": "Not
 * Found"}} as FastAPI, a problem body as Connexion) instead of the framework's own: 404, or 405 when the path
 * exists for other methods. Every real route is more specific than these catch-alls, so the router prefers it.
 */
@Controller
public class UnknownPathController {

    private static final String FLASK_NOT_FOUND = "The requested URL was not found on the server. If you entered the"
            + " URL manually please check your spelling and try again.";
    private static final String FLASK_METHOD_NOT_ALLOWED = "The method is not allowed for the requested URL.";

    @Get("/api/v2/{+path}")
    public void getV2(HttpRequest<?> request, @PathVariable("path") String path) {
        throw v2(request);
    }

    @Post("/api/v2/{+path}")
    public void postV2(HttpRequest<?> request, @PathVariable("path") String path) {
        throw v2(request);
    }

    @Patch("/api/v2/{+path}")
    public void patchV2(HttpRequest<?> request, @PathVariable("path") String path) {
        throw v2(request);
    }

    @Put("/api/v2/{+path}")
    public void putV2(HttpRequest<?> request, @PathVariable("path") String path) {
        throw v2(request);
    }

    @Delete("/api/v2/{+path}")
    public void deleteV2(HttpRequest<?> request, @PathVariable("path") String path) {
        throw v2(request);
    }

    @Get("/api/ml/{+path}")
    public void getMl(HttpRequest<?> request, @PathVariable("path") String path) {
        throw v2(request);
    }

    @Post("/api/ml/{+path}")
    public void postMl(HttpRequest<?> request, @PathVariable("path") String path) {
        throw v2(request);
    }

    @Get("/api/v1/{+path}")
    public void getV1(HttpRequest<?> request, @PathVariable("path") String path) {
        throw v1(request);
    }

    @Post("/api/v1/{+path}")
    public void postV1(HttpRequest<?> request, @PathVariable("path") String path) {
        throw v1(request);
    }

    @Patch("/api/v1/{+path}")
    public void patchV1(HttpRequest<?> request, @PathVariable("path") String path) {
        throw v1(request);
    }

    @Put("/api/v1/{+path}")
    public void putV1(HttpRequest<?> request, @PathVariable("path") String path) {
        throw v1(request);
    }

    @Delete("/api/v1/{+path}")
    public void deleteV1(HttpRequest<?> request, @PathVariable("path") String path) {
        throw v1(request);
    }

    /**
     * A route that cannot answer in any type the request accepts: Airflow's 406 body (FastAPI's {@code detail};
     * Connexion's problem on v1) instead of Micronaut's own, which has no {@code detail}.
     */
    @Error(status = HttpStatus.NOT_ACCEPTABLE, global = true)
    public HttpResponse<java.util.Map<String, Object>> notAcceptable(HttpRequest<?> request) {
        String detail = "Only application/json or text/plain is supported";
        java.util.Map<String, Object> body = request.getPath().startsWith("/api/v1/")
                ? java.util.Map.of("detail", detail, "status", 406, "title", "Not Acceptable", "type", "about:blank")
                : java.util.Map.of("detail", detail);
        return HttpResponse.<java.util.Map<String, Object>>status(HttpStatus.NOT_ACCEPTABLE).body(body)
                .contentType(io.micronaut.http.MediaType.APPLICATION_JSON_TYPE);
    }

    private final Router router;

    public UnknownPathController(Router router) {
        this.router = router;
    }

    private ApiException v2(HttpRequest<?> request) {
        if (servedWithOtherMethods(request)) {
            return new ApiException(405, "Method Not Allowed");
        }
        return new ApiException(404, "Not Found");
    }

    private ApiException v1(HttpRequest<?> request) {
        if (servedWithOtherMethods(request)) {
            return new ApiException(405, "Method Not Allowed", FLASK_METHOD_NOT_ALLOWED);
        }
        return new ApiException(404, "Not Found", FLASK_NOT_FOUND);
    }

    /** A real route has this path, for another method: Airflow answers 405 then. */
    private boolean servedWithOtherMethods(HttpRequest<?> request) {
        return router.findAny(request.getPath(), request)
                .anyMatch(match -> match.getRouteInfo().getDeclaringType() != UnknownPathController.class);
    }
}
