package io.updraft.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.config.UpdraftConfig;
import io.updraft.store.Database;
import io.updraft.store.JdbiUserStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminAccountTest {

    @TempDir
    Path home;

    private Database database;
    private UserStore users;
    private final PasswordHasher hasher = new PasswordHasher();

    @BeforeEach
    void open() {
        database = Database.open(UpdraftConfig.from(Map.of("UPDRAFT_HOME", home.toString())));
        users = new JdbiUserStore(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void generatesPasswordOnceAndShowsItAgainOnRestart() throws IOException {
        AdminAccount.Outcome first = new AdminAccount(users, hasher).ensure(home, null);
        AdminAccount.Outcome second = new AdminAccount(users, hasher).ensure(home, "");

        assertThat(first.password()).matches("[a-zA-Z2-9]{16}");
        assertThat(Files.readString(home.resolve(AdminAccount.PASSWORD_FILE)).trim()).isEqualTo(first.password());
        assertThat(first.message()).isEqualTo("Password for user 'admin': " + first.password());
        assertThat(second.password()).isEqualTo(first.password());
        assertThat(users.find("admin").orElseThrow().role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void configuredPasswordReplacesTheAdminsPassword() {
        new AdminAccount(users, hasher).ensure(home, null);
        AdminAccount.Outcome outcome = new AdminAccount(users, hasher).ensure(home, "from-env");

        assertThat(outcome.message()).doesNotContain("from-env");
        assertThat(hasher.matches("from-env", users.find("admin").orElseThrow().passwordHash())).isTrue();
    }

    @Test
    void leavesAnAdminCreatedOtherwiseAlone() {
        users.save(new User("admin", hasher.hash("chosen"), Role.ADMIN));

        AdminAccount.Outcome outcome = new AdminAccount(users, hasher).ensure(home, null);

        assertThat(outcome.password()).isNull();
        assertThat(hasher.matches("chosen", users.find("admin").orElseThrow().passwordHash())).isTrue();
        assertThat(home.resolve(AdminAccount.PASSWORD_FILE)).doesNotExist();
    }
}
