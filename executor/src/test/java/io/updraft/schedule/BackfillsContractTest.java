package io.updraft.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.dag.Dag;
import io.updraft.dag.Schedule;
import io.updraft.run.DagRun;
import io.updraft.run.RunCreator;
import io.updraft.run.RunState;
import io.updraft.run.RunType;
import io.updraft.run.TriggerRequest;
import io.updraft.store.StoreTestSupport;
import io.updraft.store.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

abstract class BackfillsContractTest extends StoreTestSupport {

    private static final Instant JAN_1 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant JAN_5 = Instant.parse("2024-01-05T00:00:00Z");

    private SchedulingFixture fixture;
    private Backfills backfills;
    private final Dag daily = SchedulingFixture.dag("daily", Schedule.cron("0 0 * * *", "@daily"), JAN_1, false);

    @BeforeEach
    void createBackfills() {
        fixture = new SchedulingFixture(db, Clock.systemUTC());
        fixture.store(daily, true);
        backfills = new Backfills(fixture.runs, fixture.scheduleStore,
                RunSink.store(new RunCreator(fixture.runs), fixture.runs, task -> task.operator()), Duration.ofMillis(50));
    }

    @Test
    void createsAQueuedBackfillRunForEveryLogicalDateInTheRange() throws Exception {
        Backfills.Result result = backfills.create(daily, BackfillRequest.of("daily", JAN_1.plusSeconds(6 * 3600), JAN_5));

        List<DagRun> runs = fixture.runsOf("daily");
        assertThat(runs).extracting(DagRun::runId).containsExactly("backfill__2024-01-02T00:00:00+00:00",
                "backfill__2024-01-03T00:00:00+00:00", "backfill__2024-01-04T00:00:00+00:00",
                "backfill__2024-01-05T00:00:00+00:00");
        assertThat(runs).allSatisfy(run -> {
            assertThat(run.runType()).isEqualTo(RunType.BACKFILL);
            assertThat(run.triggeredBy()).isEqualTo("backfill");
            assertThat(run.state()).isEqualTo(RunState.QUEUED);
            assertThat(run.dataIntervalStart()).isEqualTo(run.logicalDate());
        });
        assertThat(result.created()).hasSize(4);
    }

    @Test
    void aRangeReachingPastNowKeepsOnlyTheDatesWhoseIntervalHasEnded() {
        // Airflow 3.3.2's _get_info_list keeps data_interval.end < now: 4 of the 9 days from Jan 1 to Jan 9
        List<Backfills.PlannedRun> plan = backfills.plan(daily, BackfillRequest.of("daily", JAN_1,
                Instant.parse("2024-01-09T00:00:00Z")), Instant.parse("2024-01-04T12:00:00Z"));

        assertThat(plan).extracting(planned -> planned.info().logicalDate()).containsExactly(JAN_1,
                Instant.parse("2024-01-02T00:00:00Z"), Instant.parse("2024-01-03T00:00:00Z"),
                Instant.parse("2024-01-04T00:00:00Z"));
    }

    @Test
    void reprocessBehaviorDecidesWhichExistingRunsAreReplaced() throws Exception {
        existingRun("2024-01-02", RunState.SUCCESS);
        existingRun("2024-01-03", RunState.FAILED);
        existingRun("2024-01-04", RunState.RUNNING);

        assertThat(plannedActions(ReprocessBehavior.NONE)).containsExactly(Backfills.Action.CREATE,
                Backfills.Action.SKIP_EXISTS, Backfills.Action.SKIP_EXISTS, Backfills.Action.SKIP_IN_FLIGHT,
                Backfills.Action.CREATE);
        assertThat(plannedActions(ReprocessBehavior.COMPLETED)).containsExactly(Backfills.Action.CREATE,
                Backfills.Action.REPROCESS, Backfills.Action.REPROCESS, Backfills.Action.SKIP_IN_FLIGHT,
                Backfills.Action.CREATE);
        assertThat(fixture.runsOf("daily")).hasSize(3); // planning changes nothing

        backfills.create(daily, request(ReprocessBehavior.FAILED));

        assertThat(fixture.runsOf("daily")).extracting(DagRun::runId).containsExactly(
                "backfill__2024-01-01T00:00:00+00:00", "scheduled__2024-01-02T00:00:00+00:00",
                "backfill__2024-01-03T00:00:00+00:00", "scheduled__2024-01-04T00:00:00+00:00",
                "backfill__2024-01-05T00:00:00+00:00");
        assertThat(fixture.runsOf("daily").get(2).state()).isEqualTo(RunState.QUEUED);
    }

    @Test
    void maxActiveRunsHoldsBackFurtherRunsUntilOneFinishes() throws Exception {
        BackfillRequest request = new BackfillRequest("daily", JAN_1, JAN_1.plus(Duration.ofDays(2)), false, Map.of(),
                ReprocessBehavior.NONE, 2);

        FutureTask<Backfills.Result> running = new FutureTask<>(() -> backfills.create(daily, request));
        Thread backfill = new Thread(running, "backfill-under-test");
        backfill.setDaemon(true);
        backfill.start();
        QuartzSchedulingContractTest.await(() -> fixture.runsOf("daily").size() == 2
                && waitsForCapacity(backfill), Duration.ofSeconds(5));
        assertThat(running).isNotDone();
        assertThat(fixture.runsOf("daily")).hasSize(2);

        setState(fixture.runsOf("daily").get(0).runId(), RunState.SUCCESS);

        assertThat(running.get(5, TimeUnit.SECONDS).created()).hasSize(3);
    }

    /**
     * The backfill's thread sleeps in its wait for capacity: it has counted the active backfill runs, found
     * max_active_runs reached and held the next run back.
     */
    private static boolean waitsForCapacity(Thread thread) {
        boolean sleeping = false;
        for (StackTraceElement frame : thread.getStackTrace()) {
            if (frame.getClassName().equals(Thread.class.getName())) {
                sleeping |= frame.getMethodName().startsWith("sleep");
            } else {
                return sleeping && frame.getClassName().equals(Backfills.class.getName())
                        && frame.getMethodName().equals("create");
            }
        }
        return false;
    }

    @Test
    void runBackwardsCreatesTheNewestFirstAndNonPeriodicSchedulesAreRejected() throws Exception {
        BackfillRequest backwards = new BackfillRequest("daily", JAN_1, JAN_1.plus(Duration.ofDays(2)), true, Map.of(),
                ReprocessBehavior.NONE, 10);

        assertThat(backfills.create(daily, backwards).created()).extracting(DagRun::logicalDate)
                .containsExactly(JAN_1.plus(Duration.ofDays(2)), JAN_1.plus(Duration.ofDays(1)), JAN_1);
        Dag once = SchedulingFixture.dag("once", Schedule.once(), JAN_1, false);
        assertThatThrownBy(() -> backfills.plan(once, BackfillRequest.of("once", JAN_1, JAN_5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("@once");
    }

    private List<Backfills.Action> plannedActions(ReprocessBehavior behavior) {
        return backfills.plan(daily, request(behavior)).stream().map(Backfills.PlannedRun::action).toList();
    }

    private static BackfillRequest request(ReprocessBehavior behavior) {
        return new BackfillRequest("daily", JAN_1, JAN_5, false, Map.of(), behavior, 10);
    }

    private void existingRun(String day, RunState state) {
        Instant logical = Instant.parse(day + "T00:00:00Z");
        DagRun run = new RunCreator(fixture.runs).create(daily, new TriggerRequest(null, RunType.SCHEDULED, logical,
                null, null, null, Map.of(), null, "timetable"), task -> task.operator());
        setState(run.runId(), state);
    }

    private void setState(String runId, RunState state) {
        db.jdbi().useHandle(h -> h.createUpdate("UPDATE dag_run SET state = :state WHERE run_id = :run_id")
                .bind("state", state.value()).bind("run_id", runId).execute());
    }
}
