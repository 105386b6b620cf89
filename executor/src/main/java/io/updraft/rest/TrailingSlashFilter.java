package io.updraft.rest;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.util.Map;

/**
 * {@code /api/v2/pools/} is not the pool list: Micronaut would match it to {@code /api/v2/pools}, so a client that
 * leaves a name out (an empty pool name, variable key, ...) would get a list where it asked for one entity. Such
 * paths are answered 404, as a path that names nothing.
 */
@ServerFilter("/api/v2/**")
public class TrailingSlashFilter {

    @RequestFilter
    @Nullable
    public HttpResponse<?> refuse(HttpRequest<?> request) {
        String path = request.getPath();
        if (path.length() > "/api/v2/".length() && path.endsWith("/")) {
            return HttpResponse.status(HttpStatus.NOT_FOUND).body(Map.of("detail", "Not Found"));
        }
        return null;
    }
}
