package io.updraft.rest;

import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;

/**
 * Paths under the APIs that no controller serves answer in each API's error shape ({@code {"detail": "Not
 * Found"}} as FastAPI, a problem body as Connexion) instead of the framework's own. Every real route is more
 * specific than these catch-alls, so the router prefers it.
 */
@Controller
public class UnknownPathController {

    private static final String FLASK_NOT_FOUND = "The requested URL was not found on the server. If you entered the"
            + " URL manually please check your spelling and try again.";

    @Get("/api/v2/{+path}")
    public void getV2(@PathVariable("path") String path) {
        throw v2();
    }

    @Post("/api/v2/{+path}")
    public void postV2(@PathVariable("path") String path) {
        throw v2();
    }

    @Patch("/api/v2/{+path}")
    public void patchV2(@PathVariable("path") String path) {
        throw v2();
    }

    @Put("/api/v2/{+path}")
    public void putV2(@PathVariable("path") String path) {
        throw v2();
    }

    @Delete("/api/v2/{+path}")
    public void deleteV2(@PathVariable("path") String path) {
        throw v2();
    }

    @Get("/api/ml/{+path}")
    public void getMl(@PathVariable("path") String path) {
        throw v2();
    }

    @Post("/api/ml/{+path}")
    public void postMl(@PathVariable("path") String path) {
        throw v2();
    }

    @Get("/api/v1/{+path}")
    public void getV1(@PathVariable("path") String path) {
        throw v1();
    }

    @Post("/api/v1/{+path}")
    public void postV1(@PathVariable("path") String path) {
        throw v1();
    }

    @Patch("/api/v1/{+path}")
    public void patchV1(@PathVariable("path") String path) {
        throw v1();
    }

    @Put("/api/v1/{+path}")
    public void putV1(@PathVariable("path") String path) {
        throw v1();
    }

    @Delete("/api/v1/{+path}")
    public void deleteV1(@PathVariable("path") String path) {
        throw v1();
    }

    private static ApiException v2() {
        return new ApiException(404, "Not Found");
    }

    private static ApiException v1() {
        return new ApiException(404, "Not Found", FLASK_NOT_FOUND);
    }
}
