package io.updraft.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.store.StoreTestSupport;
import io.updraft.store.TestDatabase;
import io.updraft.store.JdbiUiReads;
import io.updraft.ui.reads.UiReads;
import io.updraft.ui.reads.UiReads.RunRow;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The UI's aggregate queries against a real store (H2 here, PostgreSQL in the subclass). */
abstract class UiReadsContractTest extends StoreTestSupport {

    @TempDir
    Path dir;
    private UiReads queries;

    @Override
    protected TestDatabase newTestDatabase() {
        return TestDatabase.h2(dir);
    }

    @BeforeEach
    void fillStore() {
        queries = new JdbiUiReads(db);
        OffsetDateTime day = OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
        db.jdbi().useHandle(handle -> {
            handle.execute("INSERT INTO dag (dag_id, dag_display_name, is_paused, is_stale, owners, tags, "
                    + "timetable_summary) VALUES ('alpha', 'Alpha', FALSE, FALSE, 'ann,bob', '[\"etl\",\"x\"]', '@daily')");
            handle.execute("INSERT INTO dag (dag_id, is_paused, is_stale, owners, tags) VALUES ('beta', TRUE, FALSE, "
                    + "'cy', '[]')");
            handle.execute("INSERT INTO dag (dag_id, is_paused, is_stale) VALUES ('gone', FALSE, TRUE)");
            for (int r = 0; r < 4; r++) {
                for (String dag : List.of("alpha", "beta")) {
                    if (dag.equals("beta") && r > 0) {
                        continue;
                    }
                    OffsetDateTime at = day.plusDays(r);
                    handle.createUpdate("INSERT INTO dag_run (dag_id, run_id, logical_date, run_after, run_type, state, "
                                    + "start_date, end_date) VALUES (:d, :r, :t, :t, 'manual', :s, :t, :e)")
                            .bind("d", dag).bind("r", "run" + r).bind("t", at).bind("e", at.plusSeconds(5 + r))
                            .bind("s", r == 3 ? "failed" : "success").execute();
                    for (String task : List.of("a", "b")) {
                        handle.createUpdate("INSERT INTO task_instance (id, dag_id, run_id, task_id, map_index, state, "
                                        + "try_number, start_date, end_date) VALUES (:id, :d, :r, :k, -1, :s, 1, :t, :e)")
                                .bind("id", dag + r + task).bind("d", dag).bind("r", "run" + r).bind("k", task)
                                .bind("s", r == 3 && task.equals("b") ? "failed" : "success").bind("t", at)
                                .bind("e", at.plusSeconds(2 + r)).execute();
                    }
                }
            }
        });
    }

    @Test
    void listsTheDagsThatAreNotStaleWithTagsAndOwners() {
        List<UiReads.DagRow> dags = queries.dags();
        assertThat(dags).extracting(UiReads.DagRow::dagId).containsExactly("alpha", "beta");
        assertThat(dags.get(0).tags()).containsExactly("etl", "x");
        assertThat(dags.get(0).owners()).isEqualTo("ann,bob");
        assertThat(dags.get(1).paused()).isTrue();
    }

    @Test
    void recentRunsArePerDagNewestFirstAndLimited() {
        Map<String, List<RunRow>> named = queries.recentRuns(List.of("alpha"), 2);
        assertThat(named.keySet()).containsExactly("alpha");
        assertThat(named.get("alpha")).extracting(RunRow::runId).containsExactly("run3", "run2");
        assertThat(named.get("alpha").get(0).state()).isEqualTo("failed");

        Map<String, List<RunRow>> latest = queries.recentRuns(null, 1);
        assertThat(latest.get("alpha")).extracting(RunRow::runId).containsExactly("run3");
        assertThat(latest.get("beta")).extracting(RunRow::runId).containsExactly("run0");
        assertThat(queries.recentRuns(List.of(), 5)).isEmpty();
    }

    @Test
    void gridRunsAndTheirTaskInstances() {
        List<RunRow> runs = queries.runs("alpha", 3, null);
        assertThat(runs).extracting(RunRow::runId).containsExactly("run3", "run2", "run1");
        List<RunRow> older = queries.runs("alpha", 3, runs.get(2).runAfter());
        assertThat(older).extracting(RunRow::runId).containsExactly("run0");

        List<UiReads.TaskRow> instances = queries.taskInstances("alpha", List.of("run3", "run2"));
        assertThat(instances).hasSize(4);
        assertThat(instances).filteredOn(ti -> ti.runId().equals("run3") && ti.taskId().equals("b"))
                .extracting(UiReads.TaskRow::state).containsExactly("failed");
        assertThat(queries.taskInstances("alpha", List.of())).isEmpty();
        assertThat(queries.run("alpha", "run1")).get().extracting(RunRow::state).isEqualTo("success");
        assertThat(queries.run("alpha", "nope")).isEmpty();
    }

    @Test
    void durationsOfATaskNewestRunFirst() {
        List<UiReads.DurationRow> rows = queries.durations("alpha", "b", 3);
        assertThat(rows).extracting(UiReads.DurationRow::runId).containsExactly("run3", "run2", "run1");
        assertThat(java.time.Duration.between(rows.get(0).startDate(), rows.get(0).endDate())).hasSeconds(5);
    }
}
