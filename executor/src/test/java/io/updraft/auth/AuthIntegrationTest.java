package io.updraft.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.updraft.json.Json;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The service over real HTTP: tokens, Bearer on v2, Basic on v1, open health, roles, the admin password file. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthIntegrationTest implements TestPropertyProvider {

    private static final String PASSWORD = "s3cret-for-tests";

    private Path home;

    @Inject
    EmbeddedServer server;

    @Inject
    UserStore users;

    @Inject
    PasswordHasher hasher;

    private Http http;

    @Override
    public Map<String, String> getProperties() {
        try {
            home = Files.createTempDirectory("updraft-auth-test");
            Path dags = Files.createDirectories(home.resolve("dags"));
            return Map.of("micronaut.server.port", "-1", "updraft.home", home.toString(),
                    "updraft.dags-folder", dags.toString(), "updraft.auth.admin-password", "",
                    "updraft.watch.enabled", "false");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void createUsers() {
        http = new Http(server.getURI());
        for (Role role : Role.values()) {
            users.save(new User("the-" + role.airflowName(), hasher.hash(PASSWORD), role));
        }
    }

    @Test
    void issuesTokenForJsonAndFormLogins() {
        Http.Reply json = http.send("POST", "/auth/token", null, "application/json",
                Json.write(Map.of("username", "the-viewer", "password", PASSWORD)));
        Http.Reply form = http.send("POST", "/auth/token", null, "application/x-www-form-urlencoded",
                "username=the-viewer&password=" + PASSWORD);

        assertThat(json.status()).isEqualTo(201);
        assertThat(form.status()).isEqualTo(201);
        assertThat((String) json.json().get("access_token")).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        assertThat((String) form.json().get("access_token")).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
    }

    @Test
    void refusesTokenForWrongPasswordUnknownUserAndMissingFields() {
        Http.Reply wrong = http.send("POST", "/auth/token", null, "application/json",
                Json.write(Map.of("username", "the-admin", "password", "nope")));
        Http.Reply unknown = http.send("POST", "/auth/token", null, "application/json",
                Json.write(Map.of("username", "nobody", "password", PASSWORD)));
        Http.Reply missing = http.send("POST", "/auth/token", null, "application/json",
                Json.write(Map.of("username", "the-admin")));

        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json()).containsEntry("detail", "Invalid credentials");
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(missing.status()).isEqualTo(400);
    }

    @Test
    void v2NeedsBearerTokenExceptHealthAndVersion() {
        Http.Reply none = http.get("/api/v2/dags/d/updraftAuthProbe", null);
        Http.Reply basic = http.get("/api/v2/dags/d/updraftAuthProbe", Http.basic("the-admin", PASSWORD));
        Http.Reply forged = http.get("/api/v2/dags/d/updraftAuthProbe", "Bearer " + forgedToken());
        Http.Reply bearer = http.get("/api/v2/dags/d/updraftAuthProbe", http.token("the-viewer", PASSWORD));

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json()).isEqualTo(Map.of("detail", "Not authenticated"));
        assertThat(basic.status()).isEqualTo(401);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json()).isEqualTo(Map.of("detail", "Invalid JWT token"));
        assertThat(bearer.status()).isEqualTo(200);
        assertThat(bearer.json()).isEqualTo(Map.of("username", "the-viewer", "role", "viewer"));
        assertThat(http.get("/api/v2/monitor/health", null).status()).isEqualTo(200);
        assertThat(http.get("/api/v2/version", null).status()).isEqualTo(200);
    }

    @Test
    void v1TakesBasicAndBearerAndAnswersProblemJson() {
        Http.Reply none = http.get("/api/v1/dags/d/updraftAuthProbe", null);
        Http.Reply wrong = http.get("/api/v1/dags/d/updraftAuthProbe", Http.basic("the-user", "wrong"));
        Http.Reply basic = http.get("/api/v1/dags/d/updraftAuthProbe", Http.basic("the-user", PASSWORD));
        Http.Reply bearer = http.get("/api/v1/dags/d/updraftAuthProbe", http.token("the-op", PASSWORD));

        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(none.json()).containsEntry("title", "Unauthorized").containsEntry("status", 401);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(basic.status()).isEqualTo(200);
        assertThat(basic.json()).containsEntry("username", "the-user");
        assertThat(bearer.json()).containsEntry("role", "op");
    }

    @Test
    void v1HealthIsOpen() {
        // no v1 health controller may exist yet: open means "not refused by auth", whatever the route answers
        assertThat(http.get("/api/v1/health", null).status()).isNotIn(401, 403);
    }

    @Test
    void rolesDecideWhatMayBeWritten() {
        String viewer = http.token("the-viewer", PASSWORD);
        String user = http.token("the-user", PASSWORD);
        String op = http.token("the-op", PASSWORD);
        String admin = http.token("the-admin", PASSWORD);

        Http.Reply viewerTrigger = http.send("POST", "/api/v2/dags/d/updraftAuthProbe", viewer, "application/json", "{}");
        assertThat(viewerTrigger.status()).isEqualTo(403);
        assertThat(viewerTrigger.json()).isEqualTo(Map.of("detail", "Forbidden"));
        assertThat(http.send("PATCH", "/api/v2/dags/d/updraftAuthProbe", viewer, "application/json", "{}").status())
                .isEqualTo(403);
        assertThat(http.send("POST", "/api/v2/dags/d/updraftAuthProbe", user, "application/json", "{}").status())
                .isEqualTo(200);
        assertThat(http.send("POST", "/api/v2/pools/p/updraftAuthProbe", user, "application/json", "{}").status())
                .isEqualTo(403);
        assertThat(http.send("POST", "/api/v2/pools/p/updraftAuthProbe", op, "application/json", "{}").status())
                .isEqualTo(200);
        assertThat(http.get("/api/v2/connections/c/updraftAuthProbe", user).status()).isEqualTo(403);
        assertThat(http.get("/api/v2/connections/c/updraftAuthProbe", admin).status()).isEqualTo(200);
        Http.Reply v1Viewer = http.send("POST", "/api/v1/dags/d/updraftAuthProbe", Http.basic("the-viewer", PASSWORD),
                "application/json", "{}");
        assertThat(v1Viewer.status()).isEqualTo(403);
        assertThat(v1Viewer.contentType()).startsWith("application/problem+json");
    }

    @Test
    void writesGeneratedAdminPasswordThatLogsIn() throws IOException {
        String password = Files.readString(home.resolve(AdminAccount.PASSWORD_FILE)).trim();

        assertThat(password).hasSize(16);
        assertThat(http.get("/api/v2/dags/d/updraftAuthProbe", http.token("admin", password)).json())
                .containsEntry("role", "admin");
    }

    @Test
    void allAdminsTokenEndpointIsClosedByDefault() {
        assertThat(http.get("/auth/token", null).status()).isEqualTo(403);
    }

    /** A well-formed token signed with another key. */
    private static String forgedToken() {
        byte[] otherKey = new byte[64];
        return new JwtCodec(otherKey, java.time.Duration.ofHours(1), java.time.Clock.systemUTC())
                .issue(new Principal("the-admin", Role.ADMIN));
    }
}
