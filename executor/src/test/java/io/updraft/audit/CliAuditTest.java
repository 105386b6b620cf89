package io.updraft.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.cli.CliProcess;
import io.updraft.config.UpdraftConfig;
import io.updraft.json.Json;
import io.updraft.store.Database;
import io.updraft.store.ListQuery;
import io.updraft.store.Listings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code updraft} in its own process: writes are in the audit log, with passwords hidden; reads are not. */
class CliAuditTest {

    @TempDir
    Path root;

    private CliProcess cli;

    @Test
    void cliWritesAreRecordedWithTheirCommandAndPasswordsHidden() throws Exception {
        cli = CliProcess.withDags(root, "cli_audit.yml");
        assertThat(updraft("users", "create", "-u", "ann", "-p", "cli-secret-pw", "-r", "op")).isZero();
        assertThat(updraft("dags", "trigger", "cli_audit")).isZero();
        assertThat(updraft("dags", "list")).isZero();
        assertThat(updraft("variables", "set", "--description", "d", "my_password", "var-secret")).isZero();
        assertThat(updraft("variables", "set", "region", "eu")).isZero();

        try (Database database = Database.open(UpdraftConfig.from(Map.of("UPDRAFT_HOME",
                root.resolve("home").toString())))) {
            List<AuditEvent> events = new Listings(database).eventLogs(new ListQuery(),
                    new Listings.Window(List.of(ListQuery.Sort.asc("id")), 10, 0)).items();
            assertThat(events).extracting(AuditEvent::event).containsExactly("cli_users_create", "cli_dags_trigger",
                    "cli_variables_set", "cli_variables_set");
            assertThat(events).allSatisfy(e -> assertThat(e.owner()).isEqualTo(System.getProperty("user.name")));
            assertThat(events.get(1).dagId()).isEqualTo("cli_audit");
            Map<String, Object> extra = Json.readObject(events.get(0).extra());
            assertThat(extra).containsKey("host_name");
            assertThat((String) extra.get("full_command")).isEqualTo(
                    "[updraft, users, create, -u, ann, -p, ********, -r, op]");
            // as Airflow: a variable whose key looks secret has its value hidden
            assertThat(Json.readObject(events.get(2).extra()).get("full_command"))
                    .isEqualTo("[updraft, variables, set, --description, d, my_password, ********]");
            assertThat(Json.readObject(events.get(3).extra()).get("full_command"))
                    .isEqualTo("[updraft, variables, set, region, eu]");
        }
    }

    private int updraft(String... args) throws Exception {
        return cli.run(args).exitCode();
    }
}
