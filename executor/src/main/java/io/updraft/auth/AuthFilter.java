package io.updraft.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.updraft.auth.AccessRules.Api;
import io.updraft.auth.AccessRules.Requirement;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Authentication and role checks for {@code /api/v1/**}, {@code /api/v2/**}, the model API {@code /api/ml/**} and the
 * web UI's read-only {@code /ui/**} aggregates and the Task Execution API {@code /execution/**}, so controllers stay
 * plain. v2, ml and ui take only
 * {@code Authorization: Bearer <JWT>} (Airflow 3); v1 takes HTTP Basic or Bearer (Airflow 2 with the basic_auth
 * backend). Errors use each API's error format: {@code {"detail": ...}} except problem+json for v1.
 */
@ServerFilter({"/api/v1/**", "/api/v2/**", "/api/v1", "/api/v2", "/api/ml/**", "/api/ml", "/ui/**", "/execution/**"})
public class AuthFilter implements Ordered {

    private static final String V1_ERRORS = "https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/";

    private final AccessRules rules;
    private final JwtCodec jwt;
    private final Authenticator authenticator;
    private final AuthProperties properties;

    public AuthFilter(AccessRules rules, JwtCodec jwt, Authenticator authenticator, AuthProperties properties) {
        this.rules = rules;
        this.jwt = jwt;
        this.authenticator = authenticator;
        this.properties = properties;
    }

    /** Early, so no other filter does work for a request that will be refused. */
    @Override
    public int getOrder() {
        return HIGHEST_PRECEDENCE + 100;
    }

    /** On the blocking pool: a Basic login checks a PBKDF2 hash, too slow for the event loop. */
    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<?> authorize(HttpRequest<?> request) {
        Optional<Requirement> found = rules.requirement(request.getMethodName(), request.getPath());
        if (found.isEmpty() || found.get().open()) {
            return null;
        }
        Requirement requirement = found.get();
        Principal principal;
        if (properties.isAllAdmins()) {
            principal = new Principal("Anonymous", Role.ADMIN);
        } else {
            Outcome outcome = authenticate(request, requirement.api());
            if (outcome.refusal() != null) {
                return outcome.refusal();
            }
            principal = outcome.principal();
        }
        if (!principal.role().atLeast(requirement.role())) {
            return requirement.api() != Api.V1
                    ? detail(HttpStatus.FORBIDDEN, "Forbidden")
                    : problem(HttpStatus.FORBIDDEN, "PermissionDenied", "Forbidden",
                    "Role '" + principal.role().airflowName() + "' may not " + request.getMethodName() + " "
                            + request.getPath());
        }
        request.setAttribute(Principals.ATTRIBUTE, principal);
        return null;
    }

    private Outcome authenticate(HttpRequest<?> request, Api api) {
        String header = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            try {
                return Outcome.of(jwt.verify(header.substring(7).trim()));
            } catch (InvalidTokenException e) {
                if (api == Api.V1) {
                    return Outcome.refuse(unauthenticatedV1());
                }
                // Airflow 3: an expired token is 401 "Token Expired", any other bad token 403 "Invalid JWT token"
                return Outcome.refuse(e.expired() ? detail(HttpStatus.UNAUTHORIZED, "Token Expired")
                        : detail(HttpStatus.FORBIDDEN, "Invalid JWT token"));
            }
        }
        if (api == Api.V1 && header != null && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            Optional<String[]> credentials = decodeBasic(header.substring(6).trim());
            if (credentials.isEmpty()) {
                return Outcome.refuse(unauthenticatedV1());
            }
            Authenticator.Attempt attempt = authenticator.basic(credentials.get()[0], credentials.get()[1],
                    ClientAddress.of(request));
            if (attempt.isThrottled()) {
                return Outcome.refuse(problem(HttpStatus.TOO_MANY_REQUESTS, "Unknown", "Too Many Requests",
                        "Too many failed logins; try again in " + attempt.retryAfterSeconds() + " seconds")
                        .header(HttpHeaders.RETRY_AFTER, String.valueOf(attempt.retryAfterSeconds())));
            }
            return attempt.principal().map(Outcome::of).orElseGet(() -> Outcome.refuse(unauthenticatedV1()));
        }
        return Outcome.refuse(api != Api.V1
                ? detail(HttpStatus.UNAUTHORIZED, "Not authenticated").header(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                : unauthenticatedV1());
    }

    private static Optional<String[]> decodeBasic(String encoded) {
        try {
            String decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? Optional.empty()
                    : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static HttpResponse<?> unauthenticatedV1() {
        return problem(HttpStatus.UNAUTHORIZED, "Unauthenticated", "Unauthorized", null)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Updraft\"");
    }

    private static MutableHttpResponse<?> detail(HttpStatus status, String detail) {
        return HttpResponse.status(status).contentType(MediaType.APPLICATION_JSON_TYPE).body(Map.of("detail", detail));
    }

    private static MutableHttpResponse<?> problem(HttpStatus status, String name, String title,
                                                                  String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("detail", detail);
        body.put("status", status.getCode());
        body.put("title", title);
        body.put("type", V1_ERRORS + name);
        return HttpResponse.status(status).contentType(MediaType.of("application/problem+json")).body(body);
    }

    private record Outcome(Principal principal, HttpResponse<?> refusal) {
        static Outcome of(Principal principal) {
            return new Outcome(principal, null);
        }

        static Outcome refuse(HttpResponse<?> refusal) {
            return new Outcome(null, refusal);
        }
    }
}
