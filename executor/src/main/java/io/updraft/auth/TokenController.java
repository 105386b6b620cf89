package io.updraft.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Airflow 3's simple auth manager login: {@code POST /auth/token} with a JSON or form body
 * {@code {"username", "password"}} answers 201 {@code {"access_token": "<JWT>"}}; {@code GET /auth/token} gives an
 * admin token without credentials only in all-admins mode.
 */
@Controller("/auth")
public class TokenController {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final Authenticator authenticator;
    private final JwtCodec jwt;
    private final AuthProperties properties;

    public TokenController(Authenticator authenticator, JwtCodec jwt, AuthProperties properties) {
        this.authenticator = authenticator;
        this.jwt = jwt;
        this.properties = properties;
    }

    /** The body is parsed here, not bound, because JSON and form bodies must give the same answers. */
    @Post(value = "/token", consumes = {MediaType.APPLICATION_JSON, MediaType.APPLICATION_FORM_URLENCODED})
    @ExecuteOn(TaskExecutors.BLOCKING)
    public HttpResponse<Map<String, Object>> token(HttpRequest<?> request, @Nullable @Body String body) {
        Optional<Map<String, String>> fields = parse(request.getContentType().orElse(MediaType.APPLICATION_JSON_TYPE),
                body == null ? "" : body);
        if (fields.isEmpty()) {
            return detail(HttpStatus.BAD_REQUEST, "Body must be JSON or a form with username and password");
        }
        String username = fields.get().get("username");
        String password = fields.get().get("password");
        if (username == null || username.isEmpty() || password == null || password.isEmpty()) {
            return detail(HttpStatus.BAD_REQUEST, "Username and password must be provided");
        }
        Authenticator.Attempt attempt = authenticator.attempt(username, password, ClientAddress.of(request));
        if (attempt.isThrottled()) {
            return HttpResponse.<Map<String, Object>>status(HttpStatus.TOO_MANY_REQUESTS)
                    .header(HttpHeaders.RETRY_AFTER, String.valueOf(attempt.retryAfterSeconds()))
                    .body(Map.of("detail", "Too many failed logins; try again in " + attempt.retryAfterSeconds()
                            + " seconds"));
        }
        Optional<Principal> principal = attempt.principal();
        if (principal.isEmpty()) {
            return detail(HttpStatus.UNAUTHORIZED, "Invalid credentials");
        }
        return HttpResponse.<Map<String, Object>>status(HttpStatus.CREATED)
                .body(Map.of("access_token", jwt.issue(principal.get())));
    }

    @Get("/token")
    public HttpResponse<Map<String, Object>> tokenForAllAdmins() {
        if (!properties.isAllAdmins()) {
            return detail(HttpStatus.FORBIDDEN,
                    "This method is only allowed if ``[core] simple_auth_manager_all_admins`` is True");
        }
        return HttpResponse.<Map<String, Object>>status(HttpStatus.CREATED)
                .body(Map.of("access_token", jwt.issue(new Principal("Anonymous", Role.ADMIN))));
    }

    private static Optional<Map<String, String>> parse(MediaType type, String body) {
        if (type.matches(MediaType.APPLICATION_FORM_URLENCODED_TYPE)) {
            Map<String, String> fields = new HashMap<>();
            for (String pair : body.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
            return Optional.of(fields);
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                return Optional.empty();
            }
            Map<String, String> fields = new HashMap<>();
            node.fields().forEachRemaining(field -> {
                if (field.getValue().isTextual()) {
                    fields.put(field.getKey(), field.getValue().asText());
                }
            });
            return Optional.of(fields);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static HttpResponse<Map<String, Object>> detail(HttpStatus status, String detail) {
        return HttpResponse.<Map<String, Object>>status(status).body(Map.of("detail", detail));
    }
}
