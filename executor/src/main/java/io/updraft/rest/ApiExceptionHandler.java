package io.updraft.rest;

import io.updraft.secrets.SecretsMasker;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes {@link ApiException}s the way each API version does: Airflow 3's FastAPI {@code {"detail": ...}}, Airflow
 * 2's Connexion problem+json {@code {"type","title","status","detail"}}.
 */
@Produces
@Singleton
@Requires(classes = {ApiException.class, ExceptionHandler.class})
public class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<?>> {

    static final MediaType PROBLEM_JSON = MediaType.of("application/problem+json");
    private static final String DOCS = "https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html";

    @Override
    public HttpResponse<?> handle(HttpRequest request, ApiException error) {
        HttpStatus status = HttpStatus.valueOf(error.status());
        if (request.getPath().startsWith("/api/v1")) {
            return HttpResponse.status(status).contentType(PROBLEM_JSON).body(problem(error));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("detail", SecretsMasker.global().redact(error.detail(), null));
        return HttpResponse.status(status).body(body);
    }

    /** Connexion's problem body; the type links to the error section of the v1 reference. */
    public static Map<String, Object> problem(ApiException error) {
        String name = switch (error.status()) {
            case 400 -> "BadRequest";
            case 401 -> "Unauthenticated";
            case 403 -> "PermissionDenied";
            case 404 -> "NotFound";
            case 405 -> "MethodNotAllowed";
            case 409 -> "AlreadyExists";
            default -> "Unknown";
        };
        String title = error.title() != null ? error.title() : switch (error.status()) {
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 409 -> "Conflict";
            default -> HttpStatus.valueOf(error.status()).getReason();
        };
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", DOCS + "#section/Errors/" + name);
        body.put("title", title);
        body.put("status", error.status());
        body.put("detail", SecretsMasker.global().redact(error.detail(), null));
        return body;
    }
}
