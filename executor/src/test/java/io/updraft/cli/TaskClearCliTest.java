package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code updraft tasks clear} as a user runs it after a failed run: a real DAG folder, store and processes. */
class TaskClearCliTest {

    @TempDir
    Path root;

    @Test
    void clearedTasksRunAgainAndTheRunSucceedsOnceTheirCauseIsFixed() throws Exception {
        CliProcess updraft = CliProcess.withDags(root, "flaky.yml");
        assertThat(updraft.run("dags", "test", "flaky", "2024-01-01", "--no-logs").exitCode()).isEqualTo(1);
        assertThat(updraft.run("tasks", "state", "flaky", "report", "2024-01-01").stdout().trim())
                .isEqualTo("upstream_failed");

        CliProcess.Result nothing = updraft.run("tasks", "clear", "flaky", "-t", "^set", "-f", "-y");
        assertThat(nothing.stdout().trim()).isEqualTo("No task instances to clear.");
        CliProcess.Result badRegex = updraft.run("tasks", "clear", "flaky", "-t", "(", "-y");
        assertThat(badRegex.exitCode()).isEqualTo(2);
        assertThat(badRegex.stderr()).contains("--task-regex is not a regular expression");

        updraft.run("variables", "set", "ready", "yes");
        CliProcess.Result cleared = updraft.run("tasks", "clear", "flaky", "-t", "^check$", "-d", "-y");

        assertThat(cleared.exitCode()).as(cleared.stderr()).isZero();
        assertThat(cleared.stdout()).contains("Cleared 2 task instance(s) in 1 run(s)")
                .containsPattern("Dag run \\S+ of flaky finished: success");
        assertThat(updraft.run("tasks", "state", "flaky", "report", "2024-01-01").stdout().trim())
                .isEqualTo("success");
        String states = updraft.run("dags", "list-runs", "flaky", "-o", "json").stdout();
        assertThat(states).contains("\"state\":\"success\"");
        // setup was not cleared: it ran once; check ran twice
        String tis = updraft.run("tasks", "states-for-dag-run", "flaky",
                states.replaceAll("(?s).*\"run_id\":\"([^\"]+)\".*", "$1"), "-o", "json").stdout();
        assertThat(tis).containsPattern("\"task_id\":\"setup\",\"map_index\":-1,\"state\":\"success\",\"try_number\":1")
                .containsPattern("\"task_id\":\"check\",\"map_index\":-1,\"state\":\"success\",\"try_number\":2");
    }
}
