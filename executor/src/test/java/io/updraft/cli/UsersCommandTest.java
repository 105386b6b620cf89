package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.config.UpdraftConfig;
import io.updraft.auth.PasswordHasher;
import io.updraft.auth.Role;
import io.updraft.auth.User;
import io.updraft.store.Database;
import io.updraft.store.JdbiUserStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code updraft users} in a real process, checked against the store. */
class UsersCommandTest {

    @TempDir
    Path root;

    @Test
    void createsListsAndDeletesUsers() throws Exception {
        CliProcess updraft = new CliProcess(root.resolve("home"), root.resolve("dags"));

        CliProcess.Result created = updraft.run("users", "create", "--username", "ann", "--password", "pw1",
                "--role", "op");
        CliProcess.Result badRole = updraft.run("users", "create", "-u", "bob", "-p", "pw", "-r", "superuser");
        CliProcess.Result listed = updraft.run("users", "list");

        assertThat(created.exitCode()).isZero();
        assertThat(badRole.exitCode()).isNotZero();
        assertThat(badRole.stderr()).contains("Unknown role 'superuser'");
        assertThat(listed.stdout()).isEqualTo("ann\top\n");
        try (Database database = Database.open(UpdraftConfig.from(Map.of("UPDRAFT_HOME",
                root.resolve("home").toString())))) {
            User ann = new JdbiUserStore(database).find("ann").orElseThrow();
            assertThat(ann.role()).isEqualTo(Role.OP);
            assertThat(new PasswordHasher().matches("pw1", ann.passwordHash())).isTrue();
        }
        assertThat(updraft.run("users", "delete", "-u", "ann").exitCode()).isZero();
        assertThat(updraft.run("users", "delete", "-u", "ann").exitCode()).isEqualTo(1);
    }
}
