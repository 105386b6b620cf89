package io.updraft.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.updraft.json.Json;
import io.updraft.rest.RestTestSupport;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A DAG file saved with mistakes, as a user would: the open pages' event stream tells them at once (event
 * {@code dag_files}), {@code /api/v2/importErrors} lists every error of the file in one entry, and
 * {@code /api/v2/dagWarnings} serves the warnings in Airflow 3.3's shape.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DagFilesLiveTest implements TestPropertyProvider {

    private static final String PASSWORD = "dag-files-live-pw";
    private static final String BASH = "airflow.providers.standard.operators.bash.BashOperator";

    @Inject
    EmbeddedServer server;

    private final HttpClient http = HttpClient.newHttpClient();
    private final Path root = RestTestSupport.temporaryFolder("updraft-dag-files-live");
    private String token;

    @Override
    public Map<String, String> getProperties() {
        return RestTestSupport.serviceProperties(root, Map.of("fine.yml",
                "fine:\n  tasks: [{task_id: t, operator: " + BASH + ", bash_command: echo}]\n"), PASSWORD);
    }

    @BeforeAll
    void login() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"username\":\"admin\",\"password\":\"" + PASSWORD + "\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        token = (String) Json.readObject(response.body()).get("access_token");
    }

    @Test
    void aSavedMistakeReachesTheEventStreamAndBothListsAtOnce() throws Exception {
        LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
        HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(uri("/ui/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        BufferedReader reader = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        CompletableFuture.runAsync(() -> {
            try {
                String name = "message";
                for (String line; (line = reader.readLine()) != null; ) {
                    if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        events.add(name + " " + line.substring(5).trim());
                    }
                }
            } catch (IOException e) {
                if (!e.getMessage().contains("closed")) {
                    throw new UncheckedIOException(e);
                }
            }
        });
        // the stream is subscribed once its greeting arrives
        assertThat(events.poll(30, TimeUnit.SECONDS)).startsWith("hello");

        Path dags = root.resolve("dags");
        long saved = System.nanoTime();
        Files.writeString(dags.resolve("report.yml"), """
                report:
                  shedule: "@daily"
                  tasks:
                    - task_id: extract
                      operator: %1$s
                      bash_command: echo
                      trigger_rule: all_sucess
                    - task_id: load
                      operator: %1$s
                      bash_command: echo
                      dependencies: [extrct]
                """.formatted(BASH));
        String event = nextEvent(events, "dag_files");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - saved);
        System.out.printf("DagFilesLiveTest: save to dag_files event %d ms%n", millis);
        assertThat(Json.readObject(event)).containsEntry("import_errors", 1).containsEntry("dag_warnings", 1);

        Map<String, Object> errors = json("/api/v2/importErrors");
        assertThat(errors).containsEntry("total_entries", 1);
        String trace = (String) first(errors, "import_errors").get("stack_trace");
        assertThat(trace.lines()).hasSize(2);
        assertThat(trace).contains("report.yml:7:", "did you mean 'all_success'?", "report.yml:11:",
                "did you mean 'extract'?");

        // Airflow's generated clients accept only DagWarningType's values: the loader's "dag config" is the UI's
        assertThat(json("/api/v2/dagWarnings?dag_id=report")).containsEntry("total_entries", 0);
        assertThat(get("/api/v2/dagWarnings?warning_type=dag%20config").statusCode()).isEqualTo(422);
        Map<String, Object> warnings = json("/ui/dagWarnings?dag_id=report");
        assertThat(warnings).containsEntry("total_entries", 1);
        assertThat(first(warnings, "dag_warnings")).containsEntry("dag_id", "report")
                .containsEntry("dag_display_name", "report").containsEntry("warning_type", "dag config")
                .containsEntry("message", "unknown DAG key 'shedule' ignored; did you mean 'schedule'?")
                .containsEntry("filename", "report.yml").containsEntry("line", 2).containsKey("timestamp");
        assertThat(json("/ui/dagWarnings?dag_id=fine")).containsEntry("total_entries", 0);
        assertThat(json("/ui/dagWarnings?warning_type=dag%20config")).containsEntry("total_entries", 1);
        assertThat(json("/api/v2/dagWarnings?warning_type=non-existent%20pool")).containsEntry("total_entries", 0);
        assertThat(get("/api/v2/dagWarnings?warning_type=typo").statusCode()).isEqualTo(422);
        assertThat(get("/api/v2/dagWarnings?order_by=nope").statusCode()).isEqualTo(400);

        Files.writeString(dags.resolve("report.yml"), "report:\n  schedule: \"@daily\"\n  tasks: [{task_id: t, "
                + "operator: " + BASH + ", bash_command: echo}]\n");
        assertThat(Json.readObject(nextEvent(events, "dag_files"))).containsEntry("import_errors", 0)
                .containsEntry("dag_warnings", 0);
        assertThat(json("/api/v2/importErrors")).containsEntry("total_entries", 0);
        assertThat(json("/ui/dagWarnings")).containsEntry("total_entries", 0);
        stream.body().close();
    }

    private static String nextEvent(LinkedBlockingQueue<String> events, String name) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            String event = events.poll(1, TimeUnit.SECONDS);
            if (event != null && event.startsWith(name + " ")) {
                return event.substring(name.length() + 1);
            }
        }
        throw new AssertionError("no '" + name + "' event within 30 s");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> first(Map<String, Object> body, String field) {
        return ((List<Map<String, Object>>) body.get(field)).get(0);
    }

    private Map<String, Object> json(String path) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        return Json.readObject(response.body());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create(server.getURL() + path);
    }
}
