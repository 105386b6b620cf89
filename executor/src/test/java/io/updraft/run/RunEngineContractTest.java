package io.updraft.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.updraft.dag.Callback;
import io.updraft.dag.CallbackKind;
import io.updraft.dag.Dag;
import io.updraft.dag.PythonCallable;
import io.updraft.dag.Task;
import io.updraft.dag.TriggerRule;
import io.updraft.dag.XComArg;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import io.updraft.store.Database;
import io.updraft.store.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine's behaviour, run on each store by a small subclass. */
abstract class RunEngineContractTest {

    private static final String BASH = "airflow.operators.bash.BashOperator";
    private static final List<Callback> PRINT = List.of(new Callback(PythonCallable.dotted("cb.print"), Map.of()));

    @TempDir
    Path home;

    private EngineHarness harness;
    private TestDatabase testDatabase;

    /** An empty database for one test. */
    abstract TestDatabase newDatabase(Path dir);

    @AfterEach
    void closeEngine() {
        if (harness != null) {
            harness.close();
        }
        if (testDatabase != null) {
            testDatabase.close();
        }
    }

    private Database database() {
        testDatabase = newDatabase(home);
        return testDatabase.open();
    }

    private EngineHarness harness() {
        harness = new EngineHarness(home, database()).start();
        return harness;
    }

    private static Task.Builder task(String id, String... upstream) {
        return Task.builder(id, BASH).upstream(upstream);
    }

    @Test
    void chainRunsInOrderAndEveryStateIsStored() throws Exception {
        EngineHarness h = harness();
        Dag dag = Dag.builder("chain").task(task("a").build()).task(task("b", "a").build())
                .task(task("c", "b").build()).versionHash("v1").build();

        DagRun run = h.runToEnd(dag);

        assertThat(run.state()).isEqualTo(RunState.SUCCESS);
        assertThat(h.started).containsExactly("a", "b", "c");
        TaskInstance a = h.ti(run, "a");
        TaskInstance b = h.ti(run, "b");
        assertThat(a.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(a.tryNumber()).isEqualTo(1);
        assertThat(a.hostname()).isEqualTo("localhost");
        assertThat(b.startDate()).isAfterOrEqualTo(a.endDate());
        assertThat(h.store.findRun("chain", run.runId()).orElseThrow().dagVersion()).isEqualTo("v1");
        assertThat(h.store.tries(b.key())).as("no try was superseded").isEmpty();
    }

    @Test
    void failurePropagatesAsUpstreamFailedAndFailsTheRun() throws Exception {
        EngineHarness h = harness();
        h.behave("a", attempt -> TaskOutcome.failed("boom"));
        Dag dag = Dag.builder("fails").task(task("a").build()).task(task("b", "a").build())
                .task(task("cleanup", "a").triggerRule(TriggerRule.ALL_DONE).build())
                .task(task("alert", "a").triggerRule(TriggerRule.ONE_FAILED).build()).build();

        DagRun run = h.runToEnd(dag);

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(h.state(run, "a")).isEqualTo(TaskState.FAILED);
        assertThat(h.state(run, "b")).isEqualTo(TaskState.UPSTREAM_FAILED);
        assertThat(h.state(run, "cleanup")).isEqualTo(TaskState.SUCCESS);
        assertThat(h.state(run, "alert")).isEqualTo(TaskState.SUCCESS);
    }

    @Test
    void leavesDecideTheRunStateSoAnAllDoneLeafMakesItSucceed() throws Exception {
        EngineHarness h = harness();
        h.behave("a", attempt -> TaskOutcome.failed("boom"));
        Dag dag = Dag.builder("leaf").task(task("a").build())
                .task(task("teardown", "a").triggerRule(TriggerRule.ALL_DONE).build()).build();

        assertThat(h.runToEnd(dag).state()).isEqualTo(RunState.SUCCESS);
    }

    @Test
    void failedTryIsRetriedAfterItsDelayAndKeepsItsHistory() throws Exception {
        EngineHarness h = harness();
        AtomicInteger tries = new AtomicInteger();
        h.behave("flaky", attempt -> tries.incrementAndGet() == 1 ? TaskOutcome.failed("first try fails")
                : TaskOutcome.success(Map.of()));
        Dag dag = Dag.builder("retry").task(task("flaky").retries(2).retryDelay(Duration.ofMillis(300))
                .callbacks(CallbackKind.ON_RETRY, PRINT).callbacks(CallbackKind.ON_SUCCESS, PRINT).build()).build();

        DagRun run = h.runToEnd(dag);

        TaskInstance flaky = h.ti(run, "flaky");
        assertThat(flaky.state()).isEqualTo(TaskState.SUCCESS);
        assertThat(flaky.tryNumber()).isEqualTo(2);
        List<TaskInstance> history = h.store.tries(flaky.key());
        assertThat(history).extracting(TaskInstance::state, TaskInstance::tryNumber)
                .containsExactly(tuple(TaskState.FAILED, 1));
        assertThat(Duration.between(history.get(0).endDate(), flaky.startDate()))
                .isGreaterThanOrEqualTo(Duration.ofMillis(300));
        EngineHarness.sleep(200);
        assertThat(h.callbacks).containsExactly("flaky:on_retry_callback", "flaky:on_success_callback");
    }

    @Test
    void taskFailsWhenRetriesAreExhaustedAndFailWithoutRetryIsNotRetried() throws Exception {
        EngineHarness h = harness();
        h.behave("always_fails", attempt -> TaskOutcome.failed("no"));
        h.behave("fatal", attempt -> TaskOutcome.failedNoRetry("AirflowFailException"));
        Dag dag = Dag.builder("exhausted")
                .task(task("always_fails").retries(1).retryDelay(Duration.ZERO)
                        .callbacks(CallbackKind.ON_FAILURE, PRINT).build())
                .task(task("fatal").retries(3).retryDelay(Duration.ZERO).build())
                .callbacks(CallbackKind.ON_FAILURE, PRINT).build();

        DagRun run = h.runToEnd(dag);

        assertThat(h.ti(run, "always_fails").tryNumber()).isEqualTo(2);
        assertThat(h.state(run, "always_fails")).isEqualTo(TaskState.FAILED);
        assertThat(h.ti(run, "fatal").tryNumber()).isEqualTo(1);
        assertThat(h.state(run, "fatal")).isEqualTo(TaskState.FAILED);
        EngineHarness.sleep(200);
        assertThat(h.callbacks).contains("always_fails:on_failure_callback", "exhausted:on_failure_callback:task_failure");
    }

    @Test
    void executionTimeoutKillsTheTryAndCountsAsAFailure() throws Exception {
        EngineHarness h = harness();
        h.behave("slow", attempt -> {
            for (int i = 0; i < 100 && !attempt.killSwitch().isKilled(); i++) {
                EngineHarness.sleep(50);
            }
            return attempt.killSwitch().isKilled() ? TaskOutcome.failed(attempt.killSwitch().reason())
                    : TaskOutcome.success(Map.of());
        });
        Dag dag = Dag.builder("timeout").task(task("slow").executionTimeout(Duration.ofMillis(200)).build()).build();

        DagRun run = h.runToEnd(dag);

        TaskInstance slow = h.ti(run, "slow");
        assertThat(slow.state()).isEqualTo(TaskState.FAILED);
        assertThat(Duration.between(slow.startDate(), slow.endDate())).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void dagrunTimeoutFailsTheRunAndSkipsWhatIsUnfinished() throws Exception {
        EngineHarness h = harness();
        h.behave("slow", attempt -> {
            while (!attempt.killSwitch().isKilled()) {
                EngineHarness.sleep(20);
            }
            return TaskOutcome.failed(attempt.killSwitch().reason());
        });
        Dag dag = Dag.builder("run_timeout").dagrunTimeout(Duration.ofMillis(300))
                .task(task("slow").build()).task(task("after", "slow").build()).build();

        DagRun run = h.runToEnd(dag);

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(h.state(run, "slow")).isEqualTo(TaskState.SKIPPED);
        assertThat(h.state(run, "after")).isEqualTo(TaskState.SKIPPED);
    }

    @Test
    void branchSkipsTheBranchesNotFollowedAndTheJoinStillRuns() throws Exception {
        EngineHarness h = harness();
        h.behave("choose", attempt -> new TaskOutcome(TaskOutcome.Result.SUCCESS, Map.of("return_value", "left"),
                null, Set.of("left"), TaskOutcome.SkipDownstream.NONE, null));
        Dag dag = Dag.builder("branch").task(task("choose").build()).task(task("left", "choose").build())
                .task(task("right", "choose").build()).task(task("right_more", "right").build())
                .task(task("join", "left", "right_more").triggerRule(TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS).build())
                .build();

        DagRun run = h.runToEnd(dag);

        assertThat(run.state()).isEqualTo(RunState.SUCCESS);
        assertThat(h.state(run, "left")).isEqualTo(TaskState.SUCCESS);
        assertThat(h.state(run, "right")).isEqualTo(TaskState.SKIPPED);
        assertThat(h.state(run, "right_more")).isEqualTo(TaskState.SKIPPED);
        assertThat(h.state(run, "join")).isEqualTo(TaskState.SUCCESS);
        // as in Airflow 3.3, skipping the branches not followed ends the task before its return value is pushed
        assertThat(h.store.findXCom("branch", run.runId(), "choose", -1, "return_value")).isEmpty();
    }

    @Test
    void shortCircuitSkipsEveryDownstreamTaskByDefaultOrOnlyTheDirectOnes() throws Exception {
        EngineHarness h = harness();
        h.behave("check_all", attempt -> new TaskOutcome(TaskOutcome.Result.SUCCESS, Map.of(), null, null,
                TaskOutcome.SkipDownstream.ALL, null));
        h.behave("check_direct", attempt -> new TaskOutcome(TaskOutcome.Result.SUCCESS, Map.of(), null, null,
                TaskOutcome.SkipDownstream.DIRECT, null));
        Dag dag = Dag.builder("short").task(task("check_all").build()).task(task("a1", "check_all").build())
                .task(task("a2", "a1").triggerRule(TriggerRule.ALL_DONE).build())
                .task(task("check_direct").build()).task(task("d1", "check_direct").build())
                .task(task("d2", "d1").triggerRule(TriggerRule.ALL_DONE).build()).build();

        DagRun run = h.runToEnd(dag);

        assertThat(h.state(run, "a1")).isEqualTo(TaskState.SKIPPED);
        assertThat(h.state(run, "a2")).isEqualTo(TaskState.SKIPPED);
        assertThat(h.state(run, "d1")).isEqualTo(TaskState.SKIPPED);
        assertThat(h.state(run, "d2")).isEqualTo(TaskState.SUCCESS);
    }

    @Test
    void emptyOperatorIsMarkedSuccessWithoutRunning() throws Exception {
        EngineHarness h = harness();
        Dag dag = Dag.builder("empty").task(Task.builder("start", "airflow.operators.empty.EmptyOperator").build())
                .task(task("work", "start").build()).build();

        DagRun run = h.runToEnd(dag);

        assertThat(h.started).containsExactly("work");
        assertThat(h.state(run, "start")).isEqualTo(TaskState.SUCCESS);
        assertThat(h.ti(run, "start").tryNumber()).isEqualTo(1);
    }

    @Test
    void maxActiveRunsQueuesTheSecondRunUntilTheFirstFinishes() throws Exception {
        EngineHarness h = harness();
        h.behave("work", attempt -> {
            EngineHarness.sleep(150);
            return TaskOutcome.success(Map.of());
        });
        Dag dag = Dag.builder("one_at_a_time").maxActiveRuns(1).task(task("work").build()).build();

        DagRun first = h.trigger(dag);
        DagRun second = h.engine.trigger(dag, TriggerRequest.manual(first.logicalDate().plusSeconds(1), Map.of(), "test"));
        DagRun firstDone = h.awaitEnd(first);
        DagRun secondDone = h.awaitEnd(second);

        assertThat(secondDone.startDate()).isAfterOrEqualTo(firstDone.endDate());
        assertThat(h.maxRunning.get()).isEqualTo(1);
    }

    @Test
    void maxActiveTasksLimitsConcurrencyWithinARun() throws Exception {
        EngineHarness h = harness();
        for (int i = 0; i < 8; i++) {
            h.behave("t" + i, attempt -> {
                EngineHarness.sleep(60);
                return TaskOutcome.success(Map.of());
            });
        }
        Dag.Builder builder = Dag.builder("limited").maxActiveTasks(3);
        for (int i = 0; i < 8; i++) {
            builder.task(task("t" + i).build());
        }

        assertThat(h.runToEnd(builder.build()).state()).isEqualTo(RunState.SUCCESS);
        assertThat(h.maxRunning.get()).isEqualTo(3);
    }

    @Test
    void poolSlotsLimitConcurrencyAndPriorityWeightOrdersTheQueue() throws Exception {
        harness = new EngineHarness(home, database(), 32, Map.of("default_pool", 128, "single", 1), null,
                id -> false).start();
        for (String id : List.of("low", "high", "mid")) {
            harness.behave(id, attempt -> {
                EngineHarness.sleep(50);
                return TaskOutcome.success(Map.of());
            });
        }
        Dag dag = Dag.builder("pooled")
                .task(task("low").pool("single").priorityWeight(1).build())
                .task(task("high").pool("single").priorityWeight(10).build())
                .task(task("mid").pool("single").priorityWeight(5).build()).build();

        harness.runToEnd(dag);

        assertThat(harness.maxRunning.get()).isEqualTo(1);
        assertThat(harness.started).containsExactly("high", "mid", "low");
    }

    @Test
    void taskInAPoolThatDoesNotExistWaitsAndTheRunDoesNotFinish() throws Exception {
        EngineHarness h = harness();
        Dag dag = Dag.builder("nopool").task(task("waits").pool("missing").build()).build();

        DagRun run = h.trigger(dag);
        EngineHarness.sleep(300);

        assertThat(h.state(run, "waits")).isEqualTo(TaskState.SCHEDULED);
        assertThat(h.store.findRun("nopool", run.runId()).orElseThrow().state()).isEqualTo(RunState.RUNNING);
    }

    @Test
    void dependsOnPastWaitsForTheSameTaskInThePreviousRun() throws Exception {
        EngineHarness h = harness();
        AtomicInteger calls = new AtomicInteger();
        h.behave("step", attempt -> {
            EngineHarness.sleep(calls.incrementAndGet() == 1 ? 300 : 0);
            return TaskOutcome.success(Map.of());
        });
        Dag dag = Dag.builder("past").task(task("step").dependsOnPast(true).build()).build();

        h.register(dag);
        java.time.Instant now = java.time.Instant.now();
        DagRun first = h.engine.trigger(dag, TriggerRequest.manual(now.minusSeconds(60), Map.of(), "test"));
        DagRun second = h.engine.trigger(dag, TriggerRequest.manual(now, Map.of(), "test"));
        h.awaitEnd(second);
        h.awaitEnd(first);

        assertThat(h.ti(second, "step").startDate()).isAfterOrEqualTo(h.ti(first, "step").endDate());
    }

    @Test
    void mappedTaskExpandsOverTheUpstreamListAndItsDownstreamWaitsForAll() throws Exception {
        EngineHarness h = harness();
        h.behave("request", attempt -> TaskOutcome.success(Map.of("return_value", List.of(List.of(1), List.of(2),
                List.of(3)))));
        List<Object> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        h.behave("process", attempt -> {
            seen.add(attempt.mappedArguments().get("op_args"));
            return TaskOutcome.success(Map.of("return_value", attempt.taskInstance().mapIndex()));
        });
        Dag dag = Dag.builder("mapped").task(task("request").build())
                .task(task("process", "request").expand(Map.of("op_args", XComArg.returnValue("request"))).build())
                .task(task("reduce", "process").build()).build();

        DagRun run = h.runToEnd(dag);

        assertThat(run.state()).isEqualTo(RunState.SUCCESS);
        assertThat(seen).containsExactlyInAnyOrder(List.of(1), List.of(2), List.of(3));
        List<TaskInstance> instances = h.store.taskInstances("mapped", run.runId());
        assertThat(instances).filteredOn(ti -> ti.taskId().equals("process"))
                .extracting(TaskInstance::mapIndex).containsExactly(0, 1, 2);
        assertThat(h.started.indexOf("reduce")).isEqualTo(4);
    }

    @Test
    void mappedTaskOverAnEmptyListIsSkipped() throws Exception {
        EngineHarness h = harness();
        h.behave("request", attempt -> TaskOutcome.success(Map.of("return_value", List.of())));
        Dag dag = Dag.builder("mapped_empty").task(task("request").build())
                .task(task("process", "request").expand(Map.of("op_args", XComArg.returnValue("request"))).build())
                .build();

        DagRun run = h.runToEnd(dag);

        assertThat(h.state(run, "process")).isEqualTo(TaskState.SKIPPED);
        assertThat(run.state()).isEqualTo(RunState.SUCCESS);
    }

    @Test
    void clearingATaskOfAFinishedRunRunsItAgainWithANewTry() throws Exception {
        EngineHarness h = harness();
        Dag dag = Dag.builder("clear").task(task("a").build()).task(task("b", "a").build()).build();
        DagRun run = h.runToEnd(dag);

        List<TaskInstance> cleared = h.engine.clearTaskInstances("clear", run.runId(),
                List.of(h.ti(run, "b").key())).get(10, java.util.concurrent.TimeUnit.SECONDS);
        DagRun again = h.awaitEnd(run);

        assertThat(cleared).extracting(TaskInstance::state).containsExactly(TaskState.NONE);
        assertThat(again.state()).isEqualTo(RunState.SUCCESS);
        assertThat(again.clearNumber()).isEqualTo(1);
        assertThat(h.ti(run, "b").tryNumber()).isEqualTo(2);
        assertThat(h.ti(run, "a").tryNumber()).isEqualTo(1);
        assertThat(h.started).containsExactly("a", "b", "b");
    }

    @Test
    void markingAFailedTaskSuccessLetsItsUpstreamFailedDownstreamRun() throws Exception {
        EngineHarness h = harness();
        h.behave("a", attempt -> TaskOutcome.failed("boom"));
        Dag dag = Dag.builder("mark").task(task("a").build()).task(task("b", "a").build()).build();
        DagRun run = h.runToEnd(dag);
        assertThat(run.state()).isEqualTo(RunState.FAILED);

        h.engine.setTaskInstanceState("mark", run.runId(), List.of(h.ti(run, "a").key()), TaskState.SUCCESS)
                .get(10, java.util.concurrent.TimeUnit.SECONDS);
        DagRun again = h.awaitEnd(run);

        assertThat(again.state()).isEqualTo(RunState.SUCCESS);
        assertThat(h.state(run, "a")).isEqualTo(TaskState.SUCCESS);
        assertThat(h.state(run, "b")).isEqualTo(TaskState.SUCCESS);
        assertThat(h.started).containsExactly("a", "b");
    }

    @Test
    void settingARunFailedKillsItsRunningTaskAndSkipsTheRest() throws Exception {
        EngineHarness h = harness();
        h.behave("slow", attempt -> {
            while (!attempt.killSwitch().isKilled()) {
                EngineHarness.sleep(20);
            }
            return TaskOutcome.failed(attempt.killSwitch().reason());
        });
        Dag dag = Dag.builder("stop").task(task("slow").build()).task(task("after", "slow").build()).build();
        DagRun run = h.trigger(dag);
        while (h.state(run, "slow") != TaskState.RUNNING) {
            EngineHarness.sleep(20);
        }

        DagRun failed = h.engine.setRunState("stop", run.runId(), RunState.FAILED).get(10,
                java.util.concurrent.TimeUnit.SECONDS);

        assertThat(failed.state()).isEqualTo(RunState.FAILED);
        assertThat(h.awaitEnd(run).state()).isEqualTo(RunState.FAILED);
        assertThat(h.state(run, "slow")).isEqualTo(TaskState.FAILED);
        assertThat(h.state(run, "after")).isEqualTo(TaskState.SKIPPED);
    }

    @Test
    void deletingARunRemovesItAndAnUnknownRunIsAClearError() throws Exception {
        EngineHarness h = harness();
        Dag dag = Dag.builder("delete_me").task(task("a").build()).build();
        DagRun run = h.runToEnd(dag);

        assertThat(h.engine.deleteRun("delete_me", run.runId()).get(10, java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        assertThat(h.store.findRun("delete_me", run.runId())).isEmpty();
        assertThat(h.store.taskInstances("delete_me", run.runId())).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.engine.setRunState("delete_me", "nope",
                RunState.SUCCESS).get(10, java.util.concurrent.TimeUnit.SECONDS))
                .hasCauseInstanceOf(java.util.NoSuchElementException.class)
                .hasMessageContaining("DagRun with DAG ID: 'delete_me' and DagRun ID: 'nope' not found");
    }
}
