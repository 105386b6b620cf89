package io.updraft.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.support.TestPropertyProvider;
import io.updraft.json.Json;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A real service on a random port over a temporary home and DAGs folder holding real YAML DAG files, written
 * before the context starts. Subclasses are {@code @MicronautTest} with {@code PER_CLASS} lifecycle.
 */
public abstract class RestTestSupport implements TestPropertyProvider {

    protected Path root;

    /** Two bash tasks in a row; the first pushes "hello" as its return value. */
    static final String OK_DAG = """
            rest_ok:
              description: "two bash tasks"
              schedule: None
              is_paused_upon_creation: false
              default_args:
                owner: alice
                start_date: 2019-01-01
              tags: [rest, example]
              tasks:
                - task_id: first
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo hello"
                - task_id: second
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo second for {{ run_id }}"
                  dependencies: [first]
            """;

    /** A task that fails (no retries) before one that would succeed. */
    static final String FAILING_DAG = """
            rest_fail:
              schedule: None
              is_paused_upon_creation: false
              default_args:
                owner: bob
                start_date: 2019-01-01
                retries: 0
              tags: [rest]
              tasks:
                - task_id: broken
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo failing; exit 1"
                - task_id: after
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo after"
                  dependencies: [broken]
            """;

    static final String BROKEN_FILE = """
            broken_dag:
              tasks:
                - task_id: a
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: echo a
                  dependencies: [a]
            """;

    protected static final String ADMIN_PASSWORD = "rest-test-admin";

    private String token;

    @Inject
    @Client("/")
    protected HttpClient client;

    /** A service this test started itself ({@link #startOwnService}), or null for the injected one. */
    private io.micronaut.runtime.server.EmbeddedServer ownServer;
    private HttpClient ownClient;

    protected HttpClient client() {
        return ownClient != null ? ownClient : client;
    }

    /** Starts a service of the test's own with these properties (see {@link #serviceProperties}); one at a time. */
    protected void startOwnService(Map<String, String> properties) {
        ownServer = io.micronaut.context.ApplicationContext.run(io.micronaut.runtime.server.EmbeddedServer.class,
                new HashMap<String, Object>(properties));
        ownClient = HttpClient.create(ownServer.getURL());
        token = null;
    }

    /** Stops the service {@link #startOwnService} started, if any. */
    protected void stopOwnService() {
        if (ownClient != null) {
            ownClient.close();
            ownClient = null;
        }
        if (ownServer != null) {
            io.micronaut.context.ApplicationContext context = ownServer.getApplicationContext();
            ownServer.stop();
            if (context.isRunning()) {
                context.close();
            }
            ownServer = null;
        }
    }

    /** DAG files (name to YAML) a test class adds to the shared ones; written before the service starts. */
    protected Map<String, String> dagFiles() {
        return Map.of();
    }

    /** Signs requests in as admin, as Airflow's clients do: a Bearer token for v2, HTTP Basic for v1. */
    private MutableHttpRequest<?> authenticated(MutableHttpRequest<?> request) {
        if (request.getHeaders().contains("Authorization")) {
            return request;
        }
        if (request.getPath().startsWith("/api/v1")) {
            return request.basicAuth("admin", ADMIN_PASSWORD);
        }
        if (token == null) {
            HttpResponse<String> response = client().toBlocking().exchange(HttpRequest.POST("/auth/token",
                    "{\"username\": \"admin\", \"password\": \"" + ADMIN_PASSWORD + "\"}")
                    .contentType("application/json"), Argument.STRING);
            token = (String) ((Map<?, ?>) Json.read(response.body())).get("access_token");
        }
        return request.bearerAuth(token);
    }

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> files = new HashMap<>(Map.of("rest_ok.yml", OK_DAG, "rest_fail.yml", FAILING_DAG,
                "broken.yml", BROKEN_FILE));
        files.putAll(dagFiles());
        root = temporaryFolder("updraft-rest");
        return serviceProperties(root, files, ADMIN_PASSWORD);
    }

    public static Path temporaryFolder(String prefix) {
        try {
            return Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The properties of a service on a random port whose home is {@code root/home} and whose DAGs folder
     * {@code root/dags} holds {@code dagFiles} (name to YAML), written now; user admin has {@code adminPassword}.
     */
    public static Map<String, String> serviceProperties(Path root, Map<String, String> dagFiles,
                                                        String adminPassword) {
        try {
            Path dags = Files.createDirectories(root.resolve("dags"));
            for (Map.Entry<String, String> file : dagFiles.entrySet()) {
                Files.writeString(dags.resolve(file.getKey()), file.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> properties = new HashMap<>();
        properties.put("updraft.home", root.resolve("home").toString());
        properties.put("updraft.dags-folder", root.resolve("dags").toString());
        properties.put("micronaut.server.port", "-1");
        properties.put("updraft.parallelism", "4");
        properties.put("updraft.auth.admin-password", adminPassword);
        return properties;
    }

    /** A response: status, body text and content type, whether the call succeeded or not. */
    public record Reply(int status, String text, String contentType) {

        @SuppressWarnings("unchecked")
        public Map<String, Object> json() {
            return (Map<String, Object>) Json.read(text);
        }

        @SuppressWarnings("unchecked")
        public List<Map<String, Object>> list(String field) {
            return (List<Map<String, Object>>) json().get(field);
        }
    }

    protected Reply send(MutableHttpRequest<?> request) {
        authenticated(request);
        HttpClient client = client();
        try {
            HttpResponse<String> response = client.toBlocking().exchange(request, Argument.STRING, Argument.STRING);
            return new Reply(response.code(), response.getBody().orElse(""),
                    response.getContentType().map(Object::toString).orElse(null));
        } catch (HttpClientResponseException e) {
            HttpResponse<?> response = e.getResponse();
            return new Reply(response.code(), response.getBody(String.class).orElse(""),
                    response.getContentType().map(Object::toString).orElse(null));
        }
    }

    protected Reply get(String uri) {
        return send(HttpRequest.GET(uri));
    }

    protected Reply post(String uri, String body) {
        return send(HttpRequest.POST(uri, body).contentType("application/json"));
    }

    protected Reply patch(String uri, String body) {
        return send(HttpRequest.PATCH(uri, body).contentType("application/json"));
    }

    protected Reply delete(String uri) {
        return send(HttpRequest.DELETE(uri));
    }

    /** 200 and the JSON body. */
    protected Map<String, Object> ok(Reply reply) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(200);
        return reply.json();
    }

    /** A path segment encoded as clients do (run ids hold ':' and '+'). */
    protected static String enc(String segment) {
        return java.net.URLEncoder.encode(segment, java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20");
    }

    @SuppressWarnings("unchecked")
    protected static List<Map<String, Object>> items(Map<String, Object> body, String field) {
        return (List<Map<String, Object>>) body.get(field);
    }

    @SuppressWarnings("unchecked")
    protected static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    /** Polls the run until it is finished. */
    protected Map<String, Object> awaitRun(String base, String dagId, String runId) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            Map<String, Object> run = ok(get(base + "/dags/" + dagId + "/dagRuns/" + enc(runId)));
            if ("success".equals(run.get("state")) || "failed".equals(run.get("state"))) {
                return run;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("run " + runId + " did not finish");
    }

    /** 422 naming the field, FastAPI style. */
    @SuppressWarnings("unchecked")
    protected static void assertValidationError(Reply reply, String type, List<Object> loc) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(422);
        List<Map<String, Object>> detail = (List<Map<String, Object>>) reply.json().get("detail");
        assertThat(detail).hasSize(1);
        assertThat(detail.get(0)).containsKeys("type", "loc", "msg", "input");
        assertThat(detail.get(0).get("type")).isEqualTo(type);
        assertThat(detail.get(0).get("loc")).isEqualTo(loc);
    }

    protected static void assertDetail(Reply reply, int status, String detail) {
        assertThat(reply.status()).as(reply.text()).isEqualTo(status);
        assertThat(reply.json()).isEqualTo(Map.of("detail", detail));
    }
}
