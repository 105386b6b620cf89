package io.updraft.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import io.updraft.dag.TriggerRule;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * The engine's decision step on its own: events in, changes and effects out, with no store, no thread and no task
 * runner. What the engine does end to end on a real store is in {@link RunEngineContractTest}.
 */
class DeciderTest {

    private static final String BASH = "airflow.operators.bash.BashOperator";
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    private final Decider decider = new Decider(settings(32));
    private long nextRunId = 1;

    @Test
    void aNewRunStartsAndItsFirstTaskGoesFromNoneToRunningInOneWrite() {
        Dag dag = chain("chain", "a", "b");
        StoredRun stored = created(dag);

        Decider.Decision decision = decide(new EngineEvent.RunCreated(stored));

        assertThat(decision.changes().runUpdates()).singleElement().satisfies(update -> {
            assertThat(update.expectedState()).isEqualTo(RunState.QUEUED);
            assertThat(update.run().state()).isEqualTo(RunState.RUNNING);
        });
        // scheduled then running within the step: one UPDATE that expects the stored state
        assertThat(decision.changes().updates()).singleElement().satisfies(update -> {
            assertThat(update.expectedState()).isEqualTo(TaskState.NONE);
            assertThat(update.taskInstance().taskId()).isEqualTo("a");
            assertThat(update.taskInstance().state()).isEqualTo(TaskState.RUNNING);
            assertThat(update.taskInstance().tryNumber()).isEqualTo(1);
        });
        assertThat(starts(decision)).containsExactly("a");
    }

    @Test
    void aSuccessfulTryStartsItsDownstreamAndTheLastOneFinishesTheRun() {
        Dag dag = chain("chain", "a", "b");
        StoredRun stored = created(dag);
        Effect.StartTry startA = (Effect.StartTry) decide(new EngineEvent.RunCreated(stored)).effects().get(0);

        Decider.Decision afterA = decide(finished(startA, TaskOutcome.success(Map.of("return_value", 1))));

        assertThat(afterA.changes().updates()).extracting(u -> u.taskInstance().taskId() + ":"
                + u.taskInstance().state().value()).containsExactly("a:success", "b:running");
        assertThat(afterA.changes().xcoms()).singleElement().satisfies(x -> assertThat(x.value()).isEqualTo("1"));
        assertThat(afterA.changes().tries()).as("a finished try stays in its row until superseded").isEmpty();

        Effect.StartTry startB = (Effect.StartTry) afterA.effects().get(0);
        Decider.Decision afterB = decide(finished(startB, TaskOutcome.success(Map.of())));

        assertThat(afterB.changes().runUpdates()).singleElement()
                .satisfies(update -> assertThat(update.run().state()).isEqualTo(RunState.SUCCESS));
        assertThat(afterB.effects()).hasAtLeastOneElementOfType(Effect.RunFinished.class);
    }

    @Test
    void aFailedTryWithRetriesLeftIsUpForRetryAndIsScheduledAgainWhenItsDelayHasPassed() {
        Dag dag = Dag.builder("retry").task(Task.builder("flaky", BASH).retries(1).retryDelay(Duration.ofSeconds(30))
                .build()).build();
        Effect.StartTry start = (Effect.StartTry) decide(new EngineEvent.RunCreated(created(dag))).effects().get(0);

        Decider.Decision failed = decide(finished(start, TaskOutcome.failed("boom")));

        assertThat(failed.changes().updates()).singleElement()
                .satisfies(u -> assertThat(u.taskInstance().state()).isEqualTo(TaskState.UP_FOR_RETRY));
        // the try to be replaced goes to the history as failed, as Airflow's record_ti
        assertThat(failed.changes().tries()).extracting(TaskInstance::state, TaskInstance::tryNumber)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(TaskState.FAILED, 1));
        assertThat(decider.nextRetryAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(decider.decide(List.of(), Map.of(), T0.plusSeconds(29), false).changes().isEmpty()).isTrue();

        Decider.Decision retried = decider.decide(List.of(), Map.of(), T0.plusSeconds(30), false);

        assertThat(retried.changes().updates()).singleElement().satisfies(u -> {
            assertThat(u.expectedState()).isEqualTo(TaskState.UP_FOR_RETRY);
            assertThat(u.taskInstance().state()).isEqualTo(TaskState.RUNNING);
            assertThat(u.taskInstance().tryNumber()).isEqualTo(2);
        });
        assertThat(retried.changes().xcomClears()).as("the first try's XComs go").containsExactly(start.key());
    }

    @Test
    void aFirstTryClearsXComsOnlyWhenSomeWerePutForItThroughTheApi() {
        Dag dag = chain("xcoms", "a", "b", "c");
        StoredRun stored = created(dag);
        Decider.Decision first = decide(new EngineEvent.RunCreated(stored));
        Effect.StartTry startA = (Effect.StartTry) first.effects().get(0);
        assertThat(first.changes().xcomClears()).as("a new instance holds no XCom").isEmpty();
        CompletableFuture<Object> put = new CompletableFuture<>();
        decide(new EngineEvent.Operation("xcoms", stored.run().runId(), (operations, ar, step) -> operations.putXCom(ar,
                new XCom("xcoms", stored.run().runId(), "b", -1, "early", "1", T0), step), put));

        Decider.Decision afterA = decide(finished(startA, TaskOutcome.success(Map.of())));
        Effect.StartTry startB = (Effect.StartTry) afterA.effects().get(0);
        Decider.Decision afterB = decide(finished(startB, TaskOutcome.success(Map.of())));

        assertThat(afterA.changes().xcomClears()).extracting(TaskInstanceKey::taskId).containsExactly("b");
        assertThat(afterB.changes().xcomClears()).as("c holds none").isEmpty();
    }

    @Test
    void aLateResultOfAnOlderTryIsRefused() {
        Dag dag = Dag.builder("late").task(Task.builder("t", BASH).build()).build();
        StoredRun stored = created(dag);
        Effect.StartTry start = (Effect.StartTry) decide(new EngineEvent.RunCreated(stored)).effects().get(0);
        TaskInstance running = start.run().get(start.key());
        TaskAttempt olderTry = attempt(dag, stored.run(), running.toBuilder().tryNumber(0).build());

        Decider.Decision decision = decide(new EngineEvent.TryFinished(stored.run().id(), olderTry,
                TaskOutcome.success(Map.of()), T0));

        assertThat(decision.changes().isEmpty()).isTrue();
        assertThat(decision.effects()).isEmpty();
    }

    @Test
    void clearingARunningInstanceKillsItsTryAfterTheCommitAndRestartsIt() throws Exception {
        Dag dag = Dag.builder("clear").task(Task.builder("t", BASH).build()).build();
        StoredRun stored = created(dag);
        Effect.StartTry start = (Effect.StartTry) decide(new EngineEvent.RunCreated(stored)).effects().get(0);
        CompletableFuture<Object> result = new CompletableFuture<>();

        Decider.Decision decision = decide(new EngineEvent.Operation("clear", stored.run().runId(),
                (operations, ar, step) -> operations.clear(ar, List.of(start.key()), step), result));

        // restarting, and retried at once in the same step: one UPDATE from running to a new running try
        assertThat(decision.changes().updates()).singleElement().satisfies(u -> {
            assertThat(u.expectedState()).isEqualTo(TaskState.RUNNING);
            assertThat(u.taskInstance().tryNumber()).isEqualTo(2);
        });
        assertThat(decision.effects()).first().isInstanceOfSatisfying(Effect.KillTry.class,
                kill -> assertThat(kill.why()).isEqualTo("Killed: the task instance was cleared"));
        assertThat(result).isNotDone(); // answered by the loop after the commit
        decision.effects().stream().filter(Effect.Answer.class::isInstance).map(Effect.Answer.class::cast)
                .forEach(answer -> answer.result().complete(answer.value()));
        assertThat(result.get()).asList().hasSize(1);
    }

    @Test
    void anOperationOnARunNobodyHoldsOrLoadedIsNotFound() {
        CompletableFuture<Object> result = new CompletableFuture<>();

        decide(new EngineEvent.Operation("nope", "r1", (operations, ar, step) -> true, result));

        assertThatThrownBy(result::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(NoSuchElementException.class);
    }

    @Test
    void aClosingEngineStartsNoTry() {
        Dag dag = chain("drain", "a");

        Decider.Decision decision = decider.decide(List.of(new EngineEvent.RunCreated(created(dag))), Map.of(), T0,
                true);

        assertThat(starts(decision)).isEmpty();
    }

    @Test
    void parallelismBoundsTheTriesStartedInOneStep() {
        Decider narrow = new Decider(settings(2));
        Dag.Builder wide = Dag.builder("wide");
        for (int i = 0; i < 5; i++) {
            wide.task(Task.builder("t" + i, BASH).build());
        }

        Decider.Decision decision = narrow.decide(List.of(new EngineEvent.RunCreated(created(wide.build()))),
                Map.of(), T0, false);

        assertThat(starts(decision)).hasSize(2);
        assertThat(decision.changes().updates()).filteredOn(u -> u.taskInstance().state() == TaskState.SCHEDULED)
                .hasSize(3);
    }

    @Test
    void dependsOnPastWaitsWhileTheSameTaskFailedInThePreviousRun() {
        Dag dag = Dag.builder("past").task(Task.builder("t", BASH).dependsOnPast(true).build()).build();
        DagRun previousRun = run(dag, RunState.FAILED);
        TaskInstance failedBefore = instance(dag, previousRun, dag.task("t")).toBuilder().state(TaskState.FAILED)
                .build();
        StoredRun stored = created(dag);
        StoredRun withPrevious = new StoredRun(dag, stored.run(), stored.taskInstances(), List.of(),
                new PreviousRun(previousRun.id(), List.of(failedBefore)), Set.of(), Set.of());

        Decider.Decision decision = decide(new EngineEvent.RunCreated(withPrevious));

        assertThat(starts(decision)).isEmpty();
        assertThat(decision.changes().updates()).isEmpty();
        assertThat(decision.changes().runUpdates()).singleElement()
                .satisfies(update -> assertThat(update.run().state()).isEqualTo(RunState.RUNNING));
    }

    @Test
    void anAllDoneTaskRunsAfterItsUpstreamFailed() {
        Dag dag = Dag.builder("teardown").task(Task.builder("a", BASH).build())
                .task(Task.builder("cleanup", BASH).upstream("a").triggerRule(TriggerRule.ALL_DONE).build()).build();
        Effect.StartTry start = (Effect.StartTry) decide(new EngineEvent.RunCreated(created(dag))).effects().get(0);

        Decider.Decision decision = decide(finished(start, TaskOutcome.failed("boom")));

        assertThat(starts(decision)).containsExactly("cleanup");
    }

    @Test
    void aShortCircuitSkipsADownstreamTaskThatIsAlreadyUpstreamFailedAndTheRunSucceeds() {
        // Airflow 3.3: the skip of the tasks not followed overwrites any state but running, success and failed
        Dag dag = Dag.builder("skip_over").task(Task.builder("fail", BASH).build())
                .task(Task.builder("sc", BASH).build()).task(Task.builder("x", BASH).upstream("fail", "sc").build())
                .build();
        List<Effect> started = decide(new EngineEvent.RunCreated(created(dag))).effects();
        Effect.StartTry fail = startOf(started, "fail");
        Effect.StartTry sc = startOf(started, "sc");
        decide(finished(fail, TaskOutcome.failed("exit 1")));
        assertThat(fail.run().instancesOf("x").get(0).state()).isEqualTo(TaskState.UPSTREAM_FAILED);

        Decider.Decision decision = decide(finished(sc, new TaskOutcome(TaskOutcome.Result.SUCCESS, Map.of(), null,
                null, TaskOutcome.SkipDownstream.DIRECT, null)));

        assertThat(fail.run().instancesOf("x").get(0).state()).isEqualTo(TaskState.SKIPPED);
        assertThat(decision.changes().runUpdates()).singleElement()
                .satisfies(update -> assertThat(update.run().state()).isEqualTo(RunState.SUCCESS));
    }

    @Test
    void eachPassDecidesOneLevelAgainstTheStatesAtItsStart() {
        // a fails; p (all_skipped) is skipped, q upstream_failed; in the next pass x (after p and q2) sees p
        // skipped and q2 not yet decided, so all_success makes it skipped, as Airflow's scheduling loop does
        Dag dag = Dag.builder("levels").task(Task.builder("a", BASH).build())
                .task(Task.builder("p", BASH).upstream("a").triggerRule(TriggerRule.ALL_SKIPPED).build())
                .task(Task.builder("q", BASH).upstream("a").build())
                .task(Task.builder("q2", BASH).upstream("q").build())
                .task(Task.builder("x", BASH).upstream("p", "q2").build()).build();
        Effect.StartTry a = (Effect.StartTry) decide(new EngineEvent.RunCreated(created(dag))).effects().get(0);

        Decider.Decision decision = decide(finished(a, TaskOutcome.failed("boom")));

        assertThat(a.run().instancesOf("q2").get(0).state()).isEqualTo(TaskState.UPSTREAM_FAILED);
        assertThat(a.run().instancesOf("x").get(0).state()).isEqualTo(TaskState.SKIPPED);
        assertThat(decision.changes().runUpdates()).singleElement()
                .satisfies(update -> assertThat(update.run().state()).isEqualTo(RunState.SUCCESS));
    }

    private static Effect.StartTry startOf(List<Effect> effects, String taskId) {
        return effects.stream().filter(Effect.StartTry.class::isInstance).map(Effect.StartTry.class::cast)
                .filter(start -> start.key().taskId().equals(taskId)).findFirst().orElseThrow();
    }

    @Test
    void everyTaskInstanceWriteIsCheckedAgainstTheTransitionTable() {
        TaskInstance done = instance(chain("x", "a"), run(chain("x", "a"), RunState.RUNNING), Task.builder("a", BASH)
                .build()).toBuilder().state(TaskState.RUNNING).build();

        assertThatThrownBy(() -> new RunChanges().update(TaskState.SUCCESS, done))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot go from success to running");
        assertThat(TaskTransitions.isAllowed(TaskState.SUCCESS, TaskState.NONE)).isTrue();
        assertThat(TaskTransitions.isAllowed(TaskState.NONE, TaskState.RUNNING)).isFalse();
    }

    // ---------------------------------------------------------------- fixtures

    private Decider.Decision decide(EngineEvent event) {
        return decider.decide(List.of(event), Map.of(), T0, false);
    }

    private static List<String> starts(Decider.Decision decision) {
        List<String> started = new ArrayList<>();
        decision.effects().stream().filter(Effect.StartTry.class::isInstance).map(Effect.StartTry.class::cast)
                .forEach(start -> started.add(start.key().taskId()));
        return started;
    }

    private static EngineEvent.TryFinished finished(Effect.StartTry start, TaskOutcome outcome) {
        TaskInstance running = start.run().get(start.key());
        return new EngineEvent.TryFinished(start.run().run().id(),
                attempt(start.run().dag(), start.run().run(), running), outcome, T0);
    }

    private static TaskAttempt attempt(Dag dag, DagRun run, TaskInstance ti) {
        return new TaskAttempt(dag, dag.task(ti.taskId()), run, ti, Map.of(), Path.of("unused.log"),
                new KillSwitch());
    }

    private static Dag chain(String dagId, String... taskIds) {
        Dag.Builder builder = Dag.builder(dagId);
        String previous = null;
        for (String taskId : taskIds) {
            Task.Builder task = Task.builder(taskId, BASH);
            builder.task((previous == null ? task : task.upstream(previous)).build());
            previous = taskId;
        }
        return builder.build();
    }

    private StoredRun created(Dag dag) {
        DagRun run = run(dag, RunState.QUEUED);
        List<TaskInstance> instances = new ArrayList<>();
        dag.tasks().values().forEach(task -> instances.add(instance(dag, run, task)));
        return new StoredRun(dag, run, instances, List.of(), null, Set.of(), Set.of());
    }

    private DagRun run(Dag dag, RunState state) {
        long id = nextRunId++;
        return new DagRun(id, dag.dagId(), "manual__" + id, T0, T0, T0, T0, RunType.MANUAL, state, T0, null, null,
                new LinkedHashMap<>(), null, "test", "v1", 0, null, T0);
    }

    private static TaskInstance instance(Dag dag, DagRun run, Task task) {
        return new TaskInstance(TaskInstanceIds.next(), dag.dagId(), run.runId(), task.taskId(), -1, TaskState.NONE,
                0, task.retries(), null, null, null, null, null, task.pool(), task.poolSlots(), task.queue(),
                dag.effectivePriority(task.taskId()), task.operator(), null, null, null, null, null, null, T0);
    }

    private static EngineSettings settings(int parallelism) {
        return new EngineSettings(parallelism, Path.of("logs"), "localhost", "tester", 1, 7L,
                pool -> OptionalInt.of(-1), task -> false, Task::operator, dagId -> Optional.empty(), job -> false,
                false, dagId -> false, Duration.ofSeconds(1), null);
    }
}
