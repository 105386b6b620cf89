package io.updraft.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import io.updraft.store.Database;
import io.updraft.store.JdbiRunStore;
import io.updraft.store.TestDatabase;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Concurrent triggers share commits, yet each caller gets its own outcome and every returned run is stored. */
class GroupCommitTest {

    @TempDir
    Path dir;

    @Test
    void concurrentCreatesAreAllStoredAndATakenRunIdFailsOnlyItsCaller() throws Exception {
        TestDatabase testDatabase = TestDatabase.h2(dir);
        try (Database db = testDatabase.open()) {
            JdbiRunStore store = new JdbiRunStore(db);
            RunCreator creator = new RunCreator(store);
            Dag dag = Dag.builder("grouped").versionHash("v1")
                    .task(Task.builder("t", "airflow.operators.empty.EmptyOperator").build()).build();
            ExecutorService pool = Executors.newFixedThreadPool(16);
            List<Callable<DagRun>> calls = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                // every 50th asks for the run id of the one before it
                String runId = "run_" + (i % 50 == 49 ? i - 1 : i);
                calls.add(() -> creator.create(dag, new TriggerRequest(runId, RunType.MANUAL, null, null, null,
                        null, Map.of(), null, "test"), task -> task.operator()));
            }
            int created = 0;
            int duplicates = 0;
            for (Future<DagRun> result : pool.invokeAll(calls)) {
                try {
                    DagRun run = result.get();
                    assertThat(store.findRun("grouped", run.runId())).get().extracting(DagRun::id)
                            .isEqualTo(run.id());
                    assertThat(store.taskInstances("grouped", run.runId())).hasSize(1);
                    created++;
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(DuplicateRunException.class)
                            .hasMessageContaining("already exists");
                    duplicates++;
                }
            }
            pool.shutdown();
            assertThat(created).isEqualTo(392);
            assertThat(duplicates).isEqualTo(8);
            assertThat(store.countRuns("grouped", java.util.EnumSet.noneOf(RunState.class))).isEqualTo(392);
        } finally {
            testDatabase.close();
        }
    }
}
