package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code updraft variables|connections|pools} and {@code dags delete|show|details} as a user runs them: each
 * command in its own process on a real store, with the output Airflow 3.3.2 prints (checked against
 * {@code airflow} 3.3.2 in a venv).
 */
class StoreCommandsCliTest {

    @TempDir
    Path root;

    private CliProcess updraft;

    @BeforeEach
    void setUp() throws Exception {
        updraft = CliProcess.withDags(root, "shown.yml");
    }

    private CliProcess.Result ok(String... args) throws Exception {
        CliProcess.Result result = updraft.run(args);
        assertThat(result.exitCode()).as(String.join(" ", args) + "\n" + result.stderr()).isZero();
        return result;
    }

    @Test
    @SuppressWarnings("unchecked")
    void variablesRoundTripThroughExportAndImport() throws Exception {
        assertThat(ok("variables", "set", "plain", "hello").stdout().trim()).isEqualTo("Variable plain created");
        assertThat(ok("variables", "set", "plain", "again").stdout().trim()).isEqualTo("Variable plain updated");
        ok("variables", "set", "doc", "{\"a\": [1, 2]}", "--json", "--description", "a JSON value");
        ok("variables", "set", "my_password", "s3cret-value");

        assertThat(ok("variables", "get", "plain").stdout()).isEqualTo("again\n");
        assertThat(ok("variables", "get", "doc", "-j").stdout().trim()).isEqualTo("{\"a\":[1,2]}");
        CliProcess.Result missing = updraft.run("variables", "get", "nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.stderr()).contains("Variable nope does not exist.");
        assertThat(ok("variables", "get", "nope", "-d", "fallback").stdout().trim()).isEqualTo("fallback");

        assertThat(ok("variables", "list", "-o", "json").stdout().trim())
                .isEqualTo("[{\"key\":\"doc\"},{\"key\":\"my_password\"},{\"key\":\"plain\"}]");
        assertThat(ok("variables", "list", "--show-values", "--hide-sensitive", "-o", "json").stdout())
                .doesNotContain("s3cret-value", "again").contains("\"val\":\"***\"");
        assertThat(updraft.run("variables", "list", "--hide-sensitive").exitCode()).isEqualTo(2);

        Path exported = root.resolve("variables.json");
        assertThat(ok("variables", "export", exported.toString()).stdout().trim())
                .isEqualTo("3 Variables successfully exported to " + exported + ".");
        Map<String, Object> file = (Map<String, Object>) Json.read(Files.readString(exported));
        // as Airflow: JSON values as JSON, a described variable in its long form, keys sorted, 4-space indent
        assertThat(file).containsEntry("plain", "again")
                .containsEntry("doc", Map.of("value", Map.of("a", List.of(1, 2)), "description", "a JSON value"));
        assertThat(Files.readString(exported)).startsWith("{\n    \"doc\": {\n        \"description\"");

        ok("variables", "delete", "plain");
        ok("variables", "delete", "doc");
        assertThat(ok("variables", "import", exported.toString()).stdout().trim())
                .isEqualTo("3 of 3 variables successfully updated.");
        assertThat(ok("variables", "get", "plain").stdout().trim()).isEqualTo("again");
        assertThat(ok("variables", "get", "doc", "--json").stdout().trim()).isEqualTo("{\"a\":[1,2]}");

        CliProcess.Result fail = updraft.run("variables", "import", exported.toString(), "-a", "fail");
        assertThat(fail.exitCode()).isEqualTo(1);
        assertThat(fail.stderr()).contains("Failed. These keys: [doc, my_password, plain] already exist.");
        assertThat(ok("variables", "import", exported.toString(), "-a", "skip").stdout())
                .contains("0 of 3 variables successfully updated.");

        Path env = root.resolve("more.env");
        Files.writeString(env, "# comment\nFROM_ENV=one two\nBROKEN LINE\n");
        CliProcess.Result badEnv = updraft.run("variables", "import", env.toString());
        assertThat(badEnv.exitCode()).isEqualTo(1);
        assertThat(badEnv.stderr()).contains(env + ":3: Invalid line format");
        Files.writeString(env, "# comment\nFROM_ENV=one two\n");
        ok("variables", "import", env.toString());
        assertThat(ok("variables", "get", "FROM_ENV").stdout().trim()).isEqualTo("one two");
    }

    @Test
    void connectionsTakeAirflowsUrisAndFieldsAndNeverPrintAPasswordWhenHidden() throws Exception {
        assertThat(ok("connections", "add", "pg", "--conn-type", "postgres", "--conn-host", "db.example",
                "--conn-login", "me", "--conn-password", "pa ss/word", "--conn-port", "5432", "--conn-schema",
                "sales", "--conn-extra", "{\"sslmode\": \"require\"}").stdout().trim())
                .isEqualTo("Successfully added `conn_id`=pg : postgres://***:***@db.example:5432/sales?sslmode=***");
        CliProcess.Result twice = updraft.run("connections", "add", "pg", "--conn-type", "postgres");
        assertThat(twice.exitCode()).isEqualTo(1);
        assertThat(twice.stderr()).contains("A connection with `conn_id`=pg already exists.");
        ok("connections", "add", "web", "--conn-uri", "http://user:pa%40ss@host.x:8080/path?timeout=3");
        ok("connections", "add", "js", "--conn-json", "{\"conn_type\": \"http\", \"host\": \"a.b\", "
                + "\"password\": \"zz\"}");
        CliProcess.Result none = updraft.run("connections", "add", "bad");
        assertThat(none.exitCode()).isEqualTo(2);
        assertThat(none.stderr()).contains("Must supply either conn-uri or conn-json if not supplying conn-type");

        // the same URIs Airflow 3.3.2 gives for these connections (get_uri)
        String all = ok("connections", "list", "--show-values", "-o", "json").stdout();
        assertThat(all).contains("\"get_uri\":\"postgres://me:pa%20ss%2Fword@db.example:5432/sales?sslmode=require\"",
                "\"get_uri\":\"http://user:pa%40ss@host.x:8080/path?__extra__=%7B%22timeout%22%3A3%7D\"",
                "\"get_uri\":\"http://:zz@a.b\"", "\"password\":\"pa@ss\"", "\"extra_dejson\":{\"timeout\":3}");
        String hidden = ok("connections", "list", "--show-values", "--hide-sensitive", "-o", "json").stdout();
        assertThat(hidden).doesNotContain("pa ss", "pa%20ss", "pa@ss", "pa%40ss", "zz");
        assertThat(ok("connections", "list").stdout().lines().toList()).containsExactly(
                "conn_id | conn_type", "========+==========", "js      | http", "pg      | postgres",
                "web     | http");
        assertThat(ok("connections", "get", "web", "-o", "json").stdout()).contains("\"schema\":\"path\"",
                "\"port\":8080", "\"login\":\"user\"");
        assertThat(updraft.run("connections", "get", "nope").stderr()).contains("Connection not found.");

        Path yaml = root.resolve("connections.yaml");
        ok("connections", "export", yaml.toString());
        assertThat(Files.readString(yaml)).contains("pg:\n  conn_type: postgres\n", "  port: 5432\n");
        assertThat(ok("connections", "export", "-", "--file-format", "env").stdout()).contains(
                "pg=postgres://me:pa%20ss%2Fword@db.example:5432/sales?sslmode=require\n");
        ok("connections", "delete", "pg");
        assertThat(updraft.run("connections", "delete", "pg").stderr())
                .contains("Did not find a connection with `conn_id`=pg");
        assertThat(ok("connections", "import", yaml.toString()).stdout().lines().toList()).containsExactly(
                "Could not import connection js: connection already exists.", "Imported connection pg",
                "Could not import connection web: connection already exists.");
        assertThat(ok("connections", "get", "pg", "-o", "json").stdout()).contains("\"password\":\"pa ss/word\"",
                "\"extra_dejson\":{\"sslmode\":\"require\"}");
    }

    @Test
    void poolsAsAirflowPrintsThem() throws Exception {
        assertThat(ok("pools", "set", "etl", "5", "nightly loads").stdout().trim()).isEqualTo("Pool etl created");
        ok("pools", "set", "etl", "6", "nightly loads", "--include-deferred");
        assertThat(ok("pools", "list").stdout().lines().toList()).containsExactly(
                "pool         | slots | description   | include_deferred | team_name",
                "=============+=======+===============+==================+==========",
                "default_pool | 128   | Default pool  | False            | None",
                "etl          | 6     | nightly loads | True             | None");
        assertThat(ok("pools", "get", "etl", "-o", "json").stdout().trim()).isEqualTo("[{\"pool\":\"etl\",\"slots\":6,"
                + "\"description\":\"nightly loads\",\"include_deferred\":true,\"team_name\":null}]");
        assertThat(updraft.run("pools", "delete", "default_pool").stderr()).contains("Default Pool can't be deleted");
        assertThat(updraft.run("pools", "set", "p", "x", "d").exitCode()).isEqualTo(2);

        Path exported = root.resolve("pools.json");
        assertThat(ok("pools", "export", exported.toString()).stdout().trim())
                .isEqualTo("Exported 2 pools to " + exported);
        assertThat(ok("pools", "delete", "etl").stdout().trim()).isEqualTo("Pool etl deleted");
        assertThat(updraft.run("pools", "get", "etl").stderr()).contains("Pool etl does not exist");
        assertThat(ok("pools", "import", exported.toString()).stdout().trim()).isEqualTo("Uploaded 2 pool(s)");
        assertThat(ok("pools", "get", "etl", "-o", "json").stdout()).contains("\"slots\":6", "\"include_deferred\":true");

        Path bad = root.resolve("bad.json");
        Files.writeString(bad, "{\"ok\": {\"slots\": 1, \"description\": \"\"}, \"broken\": {\"slots\": \"x\"}}");
        CliProcess.Result refused = updraft.run("pools", "import", bad.toString());
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.stderr()).contains("Failed to update pool(s): broken");
        assertThat(updraft.run("pools", "get", "ok").exitCode()).as("all or none").isEqualTo(1);
    }

    @Test
    void dagsShowDetailsAndDelete() throws Exception {
        assertThat(ok("dags", "show", "shown").stdout()).isEqualTo("""
                digraph shown {
                \tgraph [label=shown labelloc=t rankdir=LR]
                \tsubgraph cluster_grp {
                \t\tcolor="#000000" fillcolor="#6495ed7f" label=grp shape=rectangle style=filled
                \t\t"grp.inner" [color="#000000" fillcolor="#f0ede4" label="grp.inner" shape=rectangle style="filled,rounded"]
                \t}
                \tfirst [color="#000000" fillcolor="#f0ede4" label=first shape=rectangle style="filled,rounded"]
                \tfirst -> "grp.inner"
                }
                """);
        Path dot = root.resolve("shown.dot");
        ok("dags", "show", "shown", "--save", dot.toString());
        assertThat(Files.readString(dot)).startsWith("digraph shown {");

        List<String> details = ok("dags", "details", "shown").stdout().lines().toList();
        assertThat(details.get(0)).startsWith("property_name").contains("| property_value");
        assertThat(details).anySatisfy(line -> assertThat(line).matches("dag_id +\\| shown"))
                .anySatisfy(line -> assertThat(line).matches("tags +\\| \\[\\{.*\"name\":\"cli\".*}]"));
        assertThat(ok("dags", "details", "shown", "-o", "json").stdout()).startsWith("[{\"dag_id\":\"shown\"")
                .contains("\"is_paused\":true");

        ok("dags", "test", "shown", "2024-01-01", "--no-logs");
        assertThat(ok("dags", "list-runs", "shown", "-o", "json").stdout()).contains("\"state\":\"success\"");
        assertThat(ok("dags", "delete", "shown", "-y").stdout().trim()).isEqualTo("Removed 2 record(s)");
        assertThat(ok("dags", "list-runs", "shown").stdout().trim()).isEqualTo("No data found");
        assertThat(updraft.run("dags", "show", "missing").stderr()).contains("Dag 'missing' could not be found");
    }
}
