package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class StartupBlockTest {

    private final StartupBlock block = new StartupBlock("http://localhost:8080/", "admin", "s3cret",
            "kept in /home/u/.updraft/standalone_admin_password.txt", Path.of("/home/u/dags"), 6, 1);

    @Test
    void plainTextNamesTheUrlTheUserWhereThePasswordIsAndTheDagsFolder() {
        String text = block.render(false);
        assertThat(text).doesNotContain("\u001b");
        assertThat(text.lines().filter(line -> !line.isBlank()).toList()).containsExactly(
                "Updraft is ready",
                "  Web UI and REST API: http://localhost:8080/",
                "  Sign in as:          admin",
                "  Password:            s3cret  (kept in /home/u/.updraft/standalone_admin_password.txt)",
                "  DAGs folder:         /home/u/dags  (6 DAGs, 1 file with import errors: see "
                        + "http://localhost:8080/#/import-errors)",
                "  Stop it with Ctrl-C (SIGTERM): running tasks are stopped and recorded first.");
    }

    @Test
    void onATerminalOnlyTheTitleIsBold() {
        assertThat(block.render(true)).contains("\u001b[1mUpdraft is ready\u001b[0m\n");
        assertThat(block.render(true).replace("\u001b[1m", "").replace("\u001b[0m", "")).isEqualTo(block.render(false));
    }
}
