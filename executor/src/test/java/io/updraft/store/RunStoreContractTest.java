package io.updraft.store;

import static io.updraft.store.RunFixtures.T0;
import static io.updraft.store.RunFixtures.aManualRun;
import static io.updraft.store.RunFixtures.aRun;
import static io.updraft.store.RunFixtures.aRunningTaskInstance;
import static io.updraft.store.RunFixtures.aTaskInstance;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.run.DagRun;
import io.updraft.run.DuplicateRunException;
import io.updraft.run.RunChanges;
import io.updraft.run.RunState;
import io.updraft.run.RunStore;
import io.updraft.run.StaleStateException;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskInstanceKey;
import io.updraft.run.TaskState;
import io.updraft.run.XCom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link RunStore} must do; run on H2 and PostgreSQL by the subclasses. */
abstract class RunStoreContractTest extends StoreTestSupport {

    private static final Instant DAY1 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant DAY2 = Instant.parse("2024-01-02T00:00:00Z");
    private static final Instant DAY3 = Instant.parse("2024-01-03T00:00:00Z");

    private RunStore store;

    @BeforeEach
    void createStore() {
        store = new JdbiRunStore(db);
    }

    @Test
    void createdRunAndTaskInstancesReadBackFieldForField() {
        DagRun run = aRun("etl", "scheduled__2024-01-01", DAY1);
        TaskInstance running = aRunningTaskInstance(run, "extract");
        TaskInstance fresh = aTaskInstance(run, "load", -1);

        DagRun stored = store.createRun(run, List.of(running, fresh));

        assertThat(stored.id()).isPositive();
        assertThat(stored).isEqualTo(run.withId(stored.id()));
        assertThat(store.findRun("etl", "scheduled__2024-01-01")).contains(stored);
        assertThat(store.taskInstances("etl", "scheduled__2024-01-01")).containsExactly(running, fresh);
        assertThat(store.findTaskInstance(running.key())).contains(running);
    }

    @Test
    void instantsKeepMicrosecondsAndConfKeepsNestedJson() {
        DagRun run = aRun("etl", "r1", Instant.parse("2024-06-30T23:59:59.999999Z"));

        DagRun stored = store.createRun(run, List.of());

        DagRun read = store.findRun("etl", "r1").orElseThrow();
        assertThat(read.logicalDate()).isEqualTo(Instant.parse("2024-06-30T23:59:59.999999Z"));
        assertThat(read.conf()).isEqualTo(stored.conf());
        assertThat(read.conf().get("nested")).isEqualTo(Map.of("list", List.of("a", "b")));
    }

    @Test
    void instantsAreStoredAsUtcWhateverTheJvmTimeZone() {
        TimeZone original = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Asia/Kolkata"));
        try (Database other = testDatabase.open()) {
            new JdbiRunStore(other).createRun(aRun("etl", "r1", DAY1), List.of());

            long matching = other.jdbi().withHandle(h -> h.createQuery("""
                    SELECT COUNT(*) FROM dag_run
                    WHERE logical_date = CAST('2024-01-01 00:00:00+00' AS TIMESTAMP WITH TIME ZONE)""")
                    .mapTo(Long.class).one());
            assertThat(matching).isEqualTo(1);
        } finally {
            TimeZone.setDefault(original);
        }
        assertThat(store.findRun("etl", "r1").orElseThrow().logicalDate()).isEqualTo(DAY1);
    }

    @Test
    void runsWithoutLogicalDateDoNotCollide() {
        store.createRun(aManualRun("etl", "manual__1", DAY1), List.of());
        store.createRun(aManualRun("etl", "manual__2", DAY1), List.of());

        DagRun read = store.findRun("etl", "manual__2").orElseThrow();
        assertThat(read.logicalDate()).isNull();
        assertThat(read.dataIntervalStart()).isNull();
        assertThat(read.startDate()).isNull();
        assertThat(read.conf()).isEmpty();
        assertThat(store.countRuns("etl", Set.of())).isEqualTo(2);
    }

    @Test
    void duplicateRunIdIsRejectedWithAirflowsMessageAndNothingIsStored() {
        store.createRun(aRun("etl", "r1", DAY1), List.of());
        DagRun again = aRun("etl", "r1", DAY2);

        assertThatThrownBy(() -> store.createRun(again, List.of(aTaskInstance(again, "t", -1))))
                .isInstanceOf(DuplicateRunException.class)
                .hasMessage("DAGRun with DAG ID: 'etl' and DAGRun ID: 'r1' already exists");
        assertThat(store.findRun("etl", "r1").orElseThrow().logicalDate()).isEqualTo(DAY1);
        assertThat(store.taskInstances("etl", "r1")).isEmpty();
    }

    @Test
    void duplicateLogicalDateIsRejected() {
        store.createRun(aRun("etl", "r1", DAY1), List.of());

        assertThatThrownBy(() -> store.createRun(aRun("etl", "r2", DAY1), List.of()))
                .isInstanceOf(DuplicateRunException.class)
                .hasMessage("DAGRun with DAG ID: 'etl' and DAGRun logical date: '2024-01-01 00:00:00+00:00' already exists");
        assertThat(store.findRun("etl", "r2")).isEmpty();
        // Same logical date in another DAG is fine.
        assertThat(store.createRun(aRun("other", "r1", DAY1), List.of()).id()).isPositive();
    }

    @Test
    void createRunStoresManyTaskInstancesInOneBatch() {
        DagRun run = aRun("big", "r1", DAY1);
        List<TaskInstance> tis = IntStream.range(0, 500)
                .mapToObj(i -> aTaskInstance(run, "task_%03d".formatted(i), -1))
                .toList();

        store.createRun(run, tis);

        assertThat(store.taskInstances("big", "r1")).containsExactlyElementsOf(tis);
    }

    @Test
    void taskInstanceWithoutIdGetsAUuid() {
        DagRun run = aRun("etl", "r1", DAY1);
        store.createRun(run, List.of(aTaskInstance(run, "a", -1).toBuilder().id(null).build()));

        String id = store.findTaskInstance(TaskInstanceKey.of("etl", "r1", "a")).orElseThrow().id();

        assertThat(UUID.fromString(id).toString()).isEqualTo(id);
    }

    @Test
    void applyStoresAllChangesOfOneTransaction() {
        DagRun run = store.createRun(aRun("etl", "r1", DAY1), List.of(
                aTaskInstance(aRun("etl", "r1", DAY1), "a", -1), aTaskInstance(aRun("etl", "r1", DAY1), "b", -1)));
        TaskInstance a = store.findTaskInstance(TaskInstanceKey.of("etl", "r1", "a")).orElseThrow();
        TaskInstance b = store.findTaskInstance(TaskInstanceKey.of("etl", "r1", "b")).orElseThrow();
        Instant now = T0.plusSeconds(60);
        DagRun started = run.withState(RunState.RUNNING, now, null, now);
        TaskInstance aDone = a.toBuilder().state(TaskState.SUCCESS).tryNumber(1).startDate(now).endDate(now).build();
        TaskInstance bScheduled = b.toBuilder().state(TaskState.SCHEDULED).tryNumber(1).scheduledDttm(now).build();

        store.apply(new RunChanges()
                .updateRun(RunState.QUEUED, started)
                .update(TaskState.NONE, aDone)
                .update(TaskState.NONE, bScheduled)
                .putXCom(new XCom("etl", "r1", "a", -1, XCom.RETURN_VALUE, "{\"rows\":3}", now))
                .recordTry(aDone));

        assertThat(store.findRun("etl", "r1")).contains(started);
        assertThat(store.taskInstances("etl", "r1")).containsExactly(aDone, bScheduled);
        assertThat(store.findXCom("etl", "r1", "a", -1, XCom.RETURN_VALUE).orElseThrow().value())
                .isEqualTo("{\"rows\":3}");
        assertThat(store.tries(aDone.key())).containsExactly(aDone);
    }

    @Test
    void staleTaskInstanceExpectationRollsBackEveryChange() {
        DagRun run = store.createRun(aRun("etl", "r1", DAY1), List.of(
                aTaskInstance(aRun("etl", "r1", DAY1), "a", -1), aTaskInstance(aRun("etl", "r1", DAY1), "b", -1)));
        TaskInstance a = store.findTaskInstance(TaskInstanceKey.of("etl", "r1", "a")).orElseThrow();
        TaskInstance b = store.findTaskInstance(TaskInstanceKey.of("etl", "r1", "b")).orElseThrow();
        Instant now = T0.plusSeconds(60);

        RunChanges changes = new RunChanges()
                .updateRun(RunState.QUEUED, run.withState(RunState.RUNNING, now, null, now))
                .update(TaskState.NONE, a.withState(TaskState.SCHEDULED, now))
                .update(TaskState.SCHEDULED, b.withState(TaskState.QUEUED, now))
                .putXCom(new XCom("etl", "r1", "a", -1, "k", "1", now))
                .recordTry(a);

        assertThatThrownBy(() -> store.apply(changes))
                .isInstanceOf(StaleStateException.class)
                .hasMessageContaining("etl/r1/b")
                .hasMessageContaining("'scheduled'");
        assertThat(store.findRun("etl", "r1").orElseThrow().state()).isEqualTo(RunState.QUEUED);
        assertThat(store.taskInstances("etl", "r1")).containsExactly(a, b);
        assertThat(store.xcoms("etl", "r1", null)).isEmpty();
        assertThat(store.tries(a.key())).isEmpty();
    }

    @Test
    void staleRunExpectationIsDetected() {
        DagRun run = store.createRun(aRun("etl", "r1", DAY1), List.of());
        Instant now = T0.plusSeconds(60);

        assertThatThrownBy(() -> store.apply(new RunChanges()
                .updateRun(RunState.RUNNING, run.withState(RunState.SUCCESS, now, now, now))))
                .isInstanceOf(StaleStateException.class)
                .hasMessageContaining("etl/r1")
                .hasMessageContaining("now 'queued'");
        assertThat(store.findRun("etl", "r1")).contains(run);
    }

    @Test
    void taskStateNoneIsStoredAsNull() {
        DagRun run = aRun("etl", "r1", DAY1);
        store.createRun(run, List.of(aTaskInstance(run, "a", -1)));

        long nullStates = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM task_instance WHERE state IS NULL").mapTo(Long.class).one());

        assertThat(nullStates).isEqualTo(1);
        assertThat(store.findTaskInstance(TaskInstanceKey.of("etl", "r1", "a")).orElseThrow().state())
                .isEqualTo(TaskState.NONE);
    }

    @Test
    void taskInstanceCanBeResetToNone() {
        DagRun run = aRun("etl", "r1", DAY1);
        TaskInstance failed = aRunningTaskInstance(run, "a").toBuilder().state(TaskState.FAILED).build();
        store.createRun(run, List.of(failed));

        store.apply(new RunChanges().update(TaskState.FAILED, failed.withState(TaskState.NONE, T0)));

        assertThat(store.findTaskInstance(failed.key()).orElseThrow().state()).isEqualTo(TaskState.NONE);
        assertThat(store.findTaskInstances(List.of(TaskState.NONE))).hasSize(1);
    }

    @Test
    void mappedPlaceholderIsReplacedByItsExpansion() {
        DagRun run = aRun("etl", "r1", DAY1);
        TaskInstance placeholder = aTaskInstance(run, "mapped", -1);
        store.createRun(run, List.of(placeholder, aTaskInstance(run, "after", -1)));
        TaskInstance m0 = aTaskInstance(run, "mapped", 0);
        TaskInstance m1 = aTaskInstance(run, "mapped", 1);

        store.apply(new RunChanges().delete(placeholder.key()).insert(m1).insert(m0));

        assertThat(store.taskInstances("etl", "r1"))
                .extracting(ti -> ti.taskId() + "[" + ti.mapIndex() + "]")
                .containsExactly("after[-1]", "mapped[0]", "mapped[1]");
        assertThat(store.findTaskInstance(placeholder.key())).isEmpty();
        assertThat(store.findTaskInstance(m1.key())).contains(m1);
    }

    @Test
    void xcomPutReplacesAndClearRemovesOnlyThatTaskInstance() {
        DagRun run = aRun("etl", "r1", DAY1);
        store.createRun(run, List.of(aTaskInstance(run, "a", -1), aTaskInstance(run, "b", -1)));
        store.apply(new RunChanges()
                .putXCom(new XCom("etl", "r1", "b", -1, "return_value", "\"b\"", T0))
                .putXCom(new XCom("etl", "r1", "a", -1, "z", "1", T0))
                .putXCom(new XCom("etl", "r1", "a", -1, "return_value", "\"old\"", T0)));

        XCom replaced = new XCom("etl", "r1", "a", -1, "return_value", "\"new\"", T0.plusSeconds(1));
        store.apply(new RunChanges().putXCom(replaced));

        assertThat(store.findXCom("etl", "r1", "a", -1, "return_value")).contains(replaced);
        assertThat(store.xcoms("etl", "r1", null))
                .extracting(x -> x.taskId() + ":" + x.key())
                .containsExactly("a:return_value", "a:z", "b:return_value");
        assertThat(store.xcoms("etl", "r1", "a")).hasSize(2);

        store.apply(new RunChanges().clearXComs(TaskInstanceKey.of("etl", "r1", "a")));

        assertThat(store.xcoms("etl", "r1", null)).extracting(XCom::taskId).containsExactly("b");
        assertThat(store.findXCom("etl", "r1", "a", -1, "z")).isEmpty();
    }

    @Test
    void triesAreListedOldestFirst() {
        DagRun run = aRun("etl", "r1", DAY1);
        TaskInstance ti = aRunningTaskInstance(run, "a");
        store.createRun(run, List.of(ti));
        TaskInstance try1 = ti.toBuilder().state(TaskState.FAILED).tryNumber(1).build();
        TaskInstance try2 = ti.toBuilder().state(TaskState.SUCCESS).tryNumber(2).hostname("worker-2").build();

        store.apply(new RunChanges().recordTry(try2));
        store.apply(new RunChanges().recordTry(try1));

        assertThat(store.tries(ti.key())).containsExactly(try1, try2);
        assertThat(store.tries(TaskInstanceKey.of("etl", "r1", "other"))).isEmpty();
    }

    @Test
    void previousRunIsTheLatestBeforeByLogicalDateOrRunAfter() {
        store.createRun(aRun("etl", "s1", DAY1), List.of());
        store.createRun(aRun("etl", "s2", DAY2), List.of());
        store.createRun(aManualRun("etl", "m1", DAY2.plus(Duration.ofHours(12))), List.of());
        store.createRun(aRun("etl", "s3", DAY3), List.of());
        store.createRun(aRun("other", "s2", DAY2.plusSeconds(1)), List.of());

        assertThat(store.previousRun("etl", DAY3, false)).map(DagRun::runId).contains("m1");
        assertThat(store.previousRun("etl", DAY3, true)).map(DagRun::runId).contains("s2");
        assertThat(store.previousRun("etl", DAY2, false)).map(DagRun::runId).contains("s1");
        assertThat(store.previousRun("etl", DAY1, false)).isEmpty();
    }

    @Test
    void findTaskInstancesByStatesAcrossRuns() {
        DagRun r1 = aRun("etl", "r1", DAY1);
        DagRun r2 = aRun("etl", "r2", DAY2);
        store.createRun(r1, List.of(aRunningTaskInstance(r1, "a"), aTaskInstance(r1, "b", -1)));
        store.createRun(r2, List.of(aRunningTaskInstance(r2, "a").toBuilder().state(TaskState.QUEUED).build(),
                aRunningTaskInstance(r2, "b").toBuilder().state(TaskState.SUCCESS).build()));

        assertThat(store.findTaskInstances(TaskState.EXECUTING))
                .extracting(ti -> ti.runId() + "/" + ti.taskId())
                .containsExactly("r1/a", "r2/a");
        assertThat(store.findTaskInstances(EnumSet.of(TaskState.NONE, TaskState.SUCCESS)))
                .extracting(ti -> ti.runId() + "/" + ti.taskId())
                .containsExactly("r1/b", "r2/b");
        assertThat(store.findTaskInstances(List.of())).isEmpty();
    }

    @Test
    void runsAreListedNewestFirstWithStateFilterAndPaging() {
        List<DagRun> created = new ArrayList<>();
        for (int day = 1; day <= 5; day++) {
            Instant date = DAY1.plus(Duration.ofDays(day));
            created.add(store.createRun(aRun("etl", "r" + day, date), List.of()));
        }
        store.createRun(aRun("other", "r1", DAY1), List.of());
        DagRun r2 = created.get(1);
        store.apply(new RunChanges().updateRun(RunState.QUEUED, r2.withState(RunState.SUCCESS, T0, T0, T0)));

        assertThat(store.findRuns("etl", Set.of(), 10, 0)).extracting(DagRun::runId)
                .containsExactly("r5", "r4", "r3", "r2", "r1");
        assertThat(store.findRuns("etl", Set.of(), 2, 1)).extracting(DagRun::runId).containsExactly("r4", "r3");
        assertThat(store.findRuns("etl", EnumSet.of(RunState.SUCCESS), 10, 0)).extracting(DagRun::runId)
                .containsExactly("r2");
        assertThat(store.findRuns(null, Set.of(), 100, 0)).hasSize(6);
        assertThat(store.countRuns("etl", Set.of())).isEqualTo(5);
        assertThat(store.countRuns("etl", EnumSet.of(RunState.QUEUED, RunState.RUNNING))).isEqualTo(4);
        assertThat(store.countRuns(null, EnumSet.of(RunState.QUEUED))).isEqualTo(5);
        assertThat(store.countRuns("missing", Set.of())).isZero();
    }
}
