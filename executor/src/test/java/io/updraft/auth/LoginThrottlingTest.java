package io.updraft.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.updraft.json.Json;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Wrong passwords over real HTTP on {@code /auth/token} and v1 Basic: 429 with {@code Retry-After} once the free
 * failures are spent, even for the right password, which works again once the window has passed.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LoginThrottlingTest implements TestPropertyProvider {

    private static final String PASSWORD = "throttle-test-pw";

    @Inject
    EmbeddedServer server;

    @Inject
    UserStore users;

    @Inject
    PasswordHasher hasher;

    private final HttpClient client = HttpClient.newHttpClient();

    @Override
    public Map<String, String> getProperties() {
        try {
            Path home = Files.createTempDirectory("updraft-throttle-test");
            Path dags = Files.createDirectories(home.resolve("dags"));
            return Map.of("micronaut.server.port", "-1", "updraft.home", home.toString(),
                    "updraft.dags-folder", dags.toString(), "updraft.auth.admin-password", "",
                    "updraft.watch.enabled", "false",
                    "updraft.auth.login-free-failures-per-user", "3",
                    "updraft.auth.login-free-failures-per-address", "1000",
                    "updraft.auth.login-initial-backoff-millis", "1500");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void createUsers() {
        users.save(new User("token-user", hasher.hash(PASSWORD), Role.VIEWER));
        users.save(new User("basic-user", hasher.hash(PASSWORD), Role.VIEWER));
    }

    @Test
    void tokenLoginsAreThrottledThenTheRightPasswordWorksAfterTheWindow() {
        for (int i = 0; i < 4; i++) {
            assertThat(token("token-user", "wrong-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = token("token-user", PASSWORD);
        assertThat(throttled.statusCode()).as(throttled.body()).isEqualTo(429);
        long retryAfter = Long.parseLong(throttled.headers().firstValue("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 2L);
        assertThat(Json.readObject(throttled.body()).get("detail").toString()).startsWith("Too many failed logins");
        // another user is not held back
        assertThat(token("basic-user", PASSWORD).statusCode()).isEqualTo(201);

        HttpResponse<String> accepted = awaitNotThrottled(() -> token("token-user", PASSWORD));
        assertThat(accepted.statusCode()).isEqualTo(201);
        // a success clears the user's failures: one more wrong password is free again
        assertThat(token("token-user", "wrong-again").statusCode()).isEqualTo(401);
        assertThat(token("token-user", PASSWORD).statusCode()).isEqualTo(201);
    }

    @Test
    void basicAuthOnV1IsThrottledWithAProblemBody() {
        for (int i = 0; i < 4; i++) {
            assertThat(basic("basic-user", "wrong-" + i).statusCode()).isEqualTo(401);
        }
        HttpResponse<String> throttled = basic("basic-user", PASSWORD);
        assertThat(throttled.statusCode()).isEqualTo(429);
        assertThat(throttled.headers().firstValue("Retry-After")).isPresent();
        assertThat(throttled.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(Json.readObject(throttled.body())).containsEntry("status", 429);
        assertThat(awaitNotThrottled(() -> basic("basic-user", PASSWORD)).statusCode()).isEqualTo(200);
    }

    /** Retries while answered 429, waiting as long as Retry-After says. */
    private static HttpResponse<String> awaitNotThrottled(java.util.function.Supplier<HttpResponse<String>> call) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        HttpResponse<String> response = call.get();
        while (response.statusCode() == 429 && Instant.now().isBefore(deadline)) {
            long seconds = Long.parseLong(response.headers().firstValue("Retry-After").orElse("1"));
            try {
                Thread.sleep(seconds * 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            response = call.get();
        }
        return response;
    }

    private HttpResponse<String> token(String username, String password) {
        return send(HttpRequest.newBuilder(uri("/auth/token")).header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString(Json.write(Map.of("username", username, "password", password)))));
    }

    private HttpResponse<String> basic(String username, String password) {
        return send(HttpRequest.newBuilder(uri("/api/v1/dags")).header("Authorization", Http.basic(username, password))
                .GET());
    }

    private URI uri(String path) {
        return server.getURI().resolve(path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
