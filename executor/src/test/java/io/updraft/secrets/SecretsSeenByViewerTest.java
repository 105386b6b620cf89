package io.updraft.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.http.HttpRequest;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.updraft.rest.RestTestSupport;
import io.updraft.auth.PasswordHasher;
import io.updraft.auth.Role;
import io.updraft.auth.User;
import io.updraft.auth.UserStore;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The probe: a DAG renders a connection's password, its extra's api_key and sensitive variables into a
 * bash command, its env, its log, its XCom and its error output; a viewer then reads every surface over real HTTP
 * (v2, v1, the UI's log call) and sees {@code ***} where each secret was, never the secret.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsSeenByViewerTest extends RestTestSupport {

    private static final String PASSWORD = "conn-pa55-word";
    private static final String API_KEY = "extra-key-9876";
    private static final String VARIABLE = "var-secret-4321";
    private static final String LINE_ONE = "first-line-xyz";
    private static final String LINE_TWO = "second-line-abc";
    private static final List<String> SECRETS = List.of(PASSWORD, API_KEY, VARIABLE, LINE_ONE, LINE_TWO);

    private static final String DAG = """
            secret_reader:
              schedule: None
              is_paused_upon_creation: false
              default_args:
                start_date: 2024-01-01
                retries: 0
              tasks:
                - task_id: leak
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  env:
                    API_TOKEN: "{{ var.value.my_password }}"
                    PATH: /usr/bin:/bin
                  bash_command: >-
                    echo {{ conn.sec_conn.password }} {{ var.value.my_password }};
                    echo '{{ var.value.multi_token }}';
                    echo {{ conn.sec_conn.extra_dejson.api_key }};
                    python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' '{{ var.value.multi_token }}';
                    echo "token is $API_TOKEN and {{ conn.sec_conn.password }}"
                - task_id: fail_loudly
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo 'bad password {{ var.value.my_password }}' >&2; exit 3"
            """;

    @Inject
    UserStore users;

    @Inject
    PasswordHasher hasher;

    @Override
    protected Map<String, String> dagFiles() {
        return Map.of("secret_reader.yml", DAG);
    }

    @Test
    void aViewerReadsEverySurfaceAndSeesNoSecret() throws InterruptedException {
        assertThat(post("/api/v2/connections", "{\"connection_id\": \"sec_conn\", \"conn_type\": \"http\", "
                + "\"password\": \"" + PASSWORD + "\", \"extra\": \"{\\\"api_key\\\": \\\"" + API_KEY
                + "\\\", \\\"region\\\": \\\"eu-west\\\"}\"}").status()).isEqualTo(201);
        assertThat(post("/api/v2/variables", "{\"key\": \"my_password\", \"value\": \"" + VARIABLE + "\"}").status())
                .isEqualTo(201);
        assertThat(post("/api/v2/variables", "{\"key\": \"multi_token\", \"value\": \"" + LINE_ONE + "\\n"
                + LINE_TWO + "\"}").status()).isEqualTo(201);
        Map<String, Object> run = post("/api/v2/dags/secret_reader/dagRuns", "{\"logical_date\": null}").json();
        String runId = (String) run.get("dag_run_id");
        assertThat(awaitRun("/api/v2", "secret_reader", runId).get("state")).isEqualTo("failed");

        users.save(new User("secret-viewer", hasher.hash("viewer-pw"), Role.VIEWER));
        String token = (String) send(HttpRequest.POST("/auth/token",
                "{\"username\": \"secret-viewer\", \"password\": \"viewer-pw\"}").contentType("application/json"))
                .json().get("access_token");
        String v2 = "/api/v2/dags/secret_reader/dagRuns/" + enc(runId) + "/taskInstances/";
        String v1 = "/api/v1/dags/secret_reader/dagRuns/" + enc(runId) + "/taskInstances/";
        String ui = "/ui/dags/secret_reader/runs/" + enc(runId) + "/tasks/";
        List<Reply> replies = new ArrayList<>();
        for (String task : List.of("leak", "fail_loudly")) {
            replies.add(asViewer(v2 + task + "/logs/1", token));
            replies.add(send(HttpRequest.GET(v2 + task + "/logs/1").bearerAuth(token).accept("text/plain")));
            replies.add(asViewer(v2 + task, token));
            replies.add(asViewer(ui + task + "/logs/1", token));
            replies.add(send(HttpRequest.GET(v1 + task + "/logs/1?full_content=true")
                    .basicAuth("secret-viewer", "viewer-pw")));
            replies.add(send(HttpRequest.GET(v1 + task).basicAuth("secret-viewer", "viewer-pw")));
        }
        replies.add(asViewer(v2 + "leak/xcomEntries/return_value", token));
        replies.add(asViewer(v2 + "leak/xcomEntries/return_value?stringify=true", token));
        // variables are read by op and admin only; as in Airflow, even they get sensitive ones as ***
        replies.add(get("/api/v2/variables"));
        replies.add(get("/api/v2/variables/my_password"));
        replies.add(get("/api/v1/variables"));
        replies.add(get("/api/v1/variables/my_password"));

        for (Reply reply : replies) {
            assertThat(reply.status()).as(reply.text()).isEqualTo(200);
            for (String secret : SECRETS) {
                assertThat(reply.text()).as("a viewer's reply").doesNotContain(secret);
            }
        }
        String leakLog = replies.get(1).text();
        assertThat(leakLog).contains("*** ***", "token is *** and ***", "\"***\"");
        assertThat(replies.get(7).text()).contains("bad password ***");
        Map<?, ?> rendered = (Map<?, ?>) replies.get(2).json().get("rendered_fields");
        assertThat(rendered.get("env")).isEqualTo(Map.of("API_TOKEN", "***", "PATH", "/usr/bin:/bin"));
        assertThat((String) rendered.get("bash_command")).contains("echo *** ***");
        assertThat(replies.get(12).json().get("value")).isEqualTo("token is *** and ***");
        assertThat(replies.get(15).json()).containsEntry("value", "***");
        assertThat(replies.get(17).json()).containsEntry("value", "***");
        // an admin reading the same log sees the same: the file itself holds no secret
        assertThat(send(HttpRequest.GET(v2 + "leak/logs/1").accept("text/plain")).text()).doesNotContain(PASSWORD);
    }

    private Reply asViewer(String uri, String token) {
        return send(HttpRequest.GET(uri).bearerAuth(token));
    }
}
