package io.updraft.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.app.Updraft;
import io.updraft.config.UpdraftConfig;
import io.updraft.dag.DagRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real files in a real folder, a real store: each change must show in the store through the watch. The rescan is set
 * far out (10 min) so only the watch can meet the deadline; the deadline is generous because a loaded CI machine is
 * slow, and how fast a change shows is a benchmark figure (`updraft benchmark --service`), not a test's.
 */
class DagFolderWatcherTest {

    private static final Duration DEADLINE = Duration.ofSeconds(30);

    @TempDir
    Path root;

    private Path dags;
    private Updraft updraft;
    private DagFolderWatcher watcher;

    @BeforeEach
    void start() throws IOException {
        dags = Files.createDirectories(root.resolve("dags"));
        updraft = Updraft.open(UpdraftConfig.from(Map.of("UPDRAFT_HOME", root.resolve("home").toString(),
                "UPDRAFT_DAGS_FOLDER", dags.toString())));
        updraft.loadDags();
        watcher = DagFolderWatcher.start(dags, updraft::loadDags, Duration.ofMillis(100), Duration.ofMinutes(10));
    }

    @AfterEach
    void stop() {
        watcher.close();
        updraft.close();
    }

    @Test
    void newChangedAndRemovedFilesReachTheStoreWithinASecond() throws IOException {
        Path file = dags.resolve("watched.yml");
        Files.writeString(file, dag("watched", "first"));
        long added = within(() -> dag("watched").isPresent());

        Files.writeString(file, dag("watched", "second"));
        long changed = within(() -> updraft.dags().versions("watched").size() == 2);

        Files.delete(file);
        long removed = within(() -> dag("watched").map(DagRecord::isStale).orElse(false));

        assertThat(dag("watched").orElseThrow().description()).isEqualTo("second");
        System.out.printf("DAG folder watcher latency: added %d ms, changed %d ms, removed %d ms%n",
                added, changed, removed);
    }

    @Test
    void filesInNewSubfoldersAreWatched() throws IOException {
        Path team = Files.createDirectories(dags.resolve("teams/data"));
        Files.writeString(team.resolve("nested.yml"), dag("nested", "in a new folder"));
        within(() -> dag("nested").isPresent());

        // a change after the folder was registered must be seen by the folder's own watch
        Files.writeString(team.resolve("nested.yml"), dag("nested", "changed"));
        within(() -> updraft.dags().versions("nested").size() == 2);
    }

    @Test
    void importErrorsAppearAndClear() throws IOException {
        Path file = dags.resolve("broken.yml");
        Files.writeString(file, "broken:\n  tasks: [unclosed\n");
        long appeared = within(() -> updraft.importErrors().count() == 1);

        Files.writeString(file, dag("broken", "fixed"));
        long cleared = within(() -> updraft.importErrors().count() == 0 && dag("broken").isPresent());

        assertThat(updraft.importErrors().list(10, 0)).isEmpty();
        System.out.printf("DAG folder watcher latency: import error %d ms, cleared %d ms%n", appeared, cleared);
    }

    private Optional<DagRecord> dag(String dagId) {
        return updraft.dags().find(dagId);
    }

    private static String dag(String dagId, String description) {
        return dagId + ":\n"
                + "  description: \"" + description + "\"\n"
                + "  schedule: null\n"
                + "  default_args:\n"
                + "    start_date: 2024-01-01\n"
                + "  tasks:\n"
                + "    - task_id: only\n"
                + "      operator: airflow.providers.standard.operators.empty.EmptyOperator\n";
    }

    /** Polls until the condition holds and returns the milliseconds it took; fails after the deadline. */
    private static long within(BooleanSupplier condition) {
        long start = System.nanoTime();
        long deadline = start + DEADLINE.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("not reflected in the store within " + DEADLINE.toMillis() + " ms");
    }
}
