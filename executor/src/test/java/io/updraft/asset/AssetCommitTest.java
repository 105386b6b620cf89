package io.updraft.asset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.app.Updraft;
import io.updraft.asset.AssetRecords.PendingRun;
import io.updraft.config.UpdraftConfig;
import io.updraft.dag.Dag;
import io.updraft.run.DuplicateRunException;
import io.updraft.run.RunChanges;
import io.updraft.run.RunCreator;
import io.updraft.run.StaleStateException;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskState;
import io.updraft.run.TriggerRequest;
import io.updraft.store.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An asset event commits with the task success that emits it, or not at all; a queue is taken once; a run decided
 * but not created when the process died is created by the next one, exactly once. On H2 and PostgreSQL.
 */
class AssetCommitTest {

    private static final String DAGS = """
            producer:
              schedule: None
              default_args: {start_date: 2024-01-01}
              tasks:
                - task_id: make
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: echo
                  outlets: ["s3://bucket/made"]
                - task_id: other
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: echo
            consumer:
              schedule: ["s3://bucket/made"]
              default_args: {start_date: 2024-01-01}
              tasks: [{task_id: t, operator: airflow.providers.standard.operators.bash.BashOperator, bash_command: echo}]
            """;

    @TempDir
    Path dir;

    @Test
    void eventsCommitWithTheSuccessOnH2() throws Exception {
        try (TestDatabase database = TestDatabase.h2(dir)) {
            eventsCommitWithTheSuccess(database.config());
        }
    }

    @Test
    void eventsCommitWithTheSuccessOnPostgres() throws Exception {
        try (TestDatabase database = TestDatabase.postgres()) {
            eventsCommitWithTheSuccess(database.config());
        }
    }

    private void eventsCommitWithTheSuccess(UpdraftConfig database) throws Exception {
        Path dags = Files.createDirectories(dir.resolve("dags-" + System.nanoTime()));
        Files.writeString(dags.resolve("assets.yml"), DAGS);
        Map<String, String> env = new java.util.HashMap<>(Map.of("UPDRAFT_HOME", dir.resolve("home-"
                + System.nanoTime()).toString(), "UPDRAFT_DAGS_FOLDER", dags.toString()));
        if (database.dbUrl() != null) {
            env.put("UPDRAFT_DB_URL", database.dbUrl());
        }
        try (Updraft updraft = Updraft.open(UpdraftConfig.from(env), env)) {
            updraft.loadDags();
            updraft.setPaused("consumer", false);
            Dag producer = updraft.dag("producer").orElseThrow();
            RunCreator.CreatedRun run = new RunCreator(updraft.runs()).createWithInstances(producer,
                    TriggerRequest.manual(Instant.parse("2024-02-01T00:00:00Z"), Map.of(), "test"), t -> "BashOperator");
            TaskInstance make = running(updraft, run, "make");
            TaskInstance other = running(updraft, run, "other");

            // a commit that fails (another change in it is stale) writes no event
            RunChanges failing = new RunChanges().update(TaskState.RUNNING, make.toBuilder().state(TaskState.SUCCESS)
                    .build()).update(TaskState.QUEUED, other.toBuilder().state(TaskState.SUCCESS).build());
            assertThatThrownBy(() -> updraft.runs().apply(failing)).isInstanceOf(StaleStateException.class);
            assertThat(events(updraft)).isZero();

            // the success commits with its event and the consumer's queued event
            updraft.runs().apply(new RunChanges().update(TaskState.RUNNING, make.toBuilder()
                    .state(TaskState.SUCCESS).build()));
            assertThat(events(updraft)).isEqualTo(1);
            assertThat(updraft.assets().queries().queued("consumer", null, null)).hasSize(1);
            // the same success again is stale and writes nothing twice
            assertThatThrownBy(() -> updraft.runs().apply(new RunChanges().update(TaskState.RUNNING,
                    make.toBuilder().state(TaskState.SUCCESS).build()))).isInstanceOf(StaleStateException.class);
            assertThat(events(updraft)).isEqualTo(1);
            // a task without outlets emits nothing
            updraft.runs().apply(new RunChanges().update(TaskState.RUNNING, other.toBuilder()
                    .state(TaskState.SUCCESS).build()));
            assertThat(events(updraft)).isEqualTo(1);

            // the process dies between taking the queue and creating the run: the next one creates it, once
            List<TriggerRequest> created = new ArrayList<>();
            AssetTriggers dying = new AssetTriggers(updraft.assets(), updraft::dag, (dag, request) -> {
                throw new IllegalStateException("process killed");
            }, Clock.systemUTC());
            dying.evaluate(List.of("consumer"));
            awaitUntil(() -> updraft.assets().store().pendingRuns().size() == 1);
            dying.close();
            assertThat(updraft.assets().queries().queued("consumer", null, null)).isEmpty();
            PendingRun pending = updraft.assets().store().pendingRuns().get(0);
            assertThat(updraft.assets().store().claim("consumer", updraft.assets().graph().condition("consumer"),
                    Instant.now())).as("the queue was taken once").isEmpty();

            try (AssetTriggers next = new AssetTriggers(updraft.assets(), updraft::dag, (dag, request) -> {
                synchronized (created) {
                    if (created.stream().anyMatch(r -> r.runId().equals(request.runId()))) {
                        throw new DuplicateRunException("already exists", null);
                    }
                    created.add(request);
                }
            }, Clock.systemUTC()).start(Duration.ofMillis(50))) {
                awaitUntil(() -> updraft.assets().store().pendingRuns().isEmpty());
            }
            assertThat(created).singleElement().satisfies(request -> {
                assertThat(request.runId()).isEqualTo(pending.runId()).startsWith("asset_triggered__");
                assertThat(request.runAfter()).isEqualTo(pending.runAfter());
                assertThat(request.logicalDate()).isNull();
            });
            assertThat(updraft.assets().queries().consumedEvents("consumer", pending.runId())).singleElement()
                    .satisfies(event -> assertThat(event.sourceTaskId()).isEqualTo("make"));
        }
    }

    private static TaskInstance running(Updraft updraft, RunCreator.CreatedRun run, String taskId) {
        TaskInstance ti = run.taskInstances().stream().filter(t -> t.taskId().equals(taskId)).findFirst()
                .orElseThrow();
        TaskInstance scheduled = ti.toBuilder().state(TaskState.SCHEDULED).build();
        TaskInstance running = ti.toBuilder().state(TaskState.RUNNING).tryNumber(1).startDate(Instant.now()).build();
        updraft.runs().apply(new RunChanges().update(TaskState.NONE, scheduled));
        updraft.runs().apply(new RunChanges().update(TaskState.SCHEDULED, running));
        return running;
    }

    private static long events(Updraft updraft) {
        return updraft.assets().queries().events(new AssetQueries.Where(),
                new AssetQueries.Window(List.of("e.id ASC"), 100, 0)).total();
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within 30 s");
            }
            Thread.sleep(20);
        }
    }
}
