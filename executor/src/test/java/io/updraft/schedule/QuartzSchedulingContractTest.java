package io.updraft.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.Dag;
import io.updraft.run.DagRun;
import io.updraft.run.RunIds;
import io.updraft.run.RunState;
import io.updraft.run.RunType;
import io.updraft.dag.DagRecord;
import io.updraft.store.StoreTestSupport;
import io.updraft.store.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Quartz with the JDBC job store on a real database driving a 1-second DELTA schedule. The assertions are on
 * outcomes that do not depend on how fast a loaded machine is (which runs exist, their logical dates); waits end as
 * soon as the outcome is there, and their caps only bound how long a broken scheduler is waited for.
 */
abstract class QuartzSchedulingContractTest extends StoreTestSupport {

    /** How long an outcome is waited for before the test fails: far above the seconds it takes when healthy. */
    private static final Duration PATIENCE = Duration.ofSeconds(90);

    private SchedulingFixture fixture;

    @BeforeEach
    void createFixture() {
        fixture = new SchedulingFixture(db, Clock.systemUTC());
    }

    @Test
    void createsScheduledRunsAndMovesNextDagrun() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3);
        Dag dag = SchedulingFixture.dag("ticker", SchedulingFixture.everySecond(), start, true);
        fixture.store(dag, false);

        try (QuartzDagScheduler quartz = fixture.startQuartz(SchedulingFixture.randomName())) {
            quartz.sync(fixture.loaded.values());
            assertThat(quartz.scheduledDagIds()).containsExactly("ticker");
            await(() -> fixture.runsOf("ticker").size() >= 6, PATIENCE);
        }

        List<DagRun> runs = fixture.runsOf("ticker");
        assertContiguous(runs, start);
        DagRun first = runs.get(0);
        assertThat(first.runId()).isEqualTo("scheduled__" + RunIds.isoformat(start));
        assertThat(first.runType()).isEqualTo(RunType.SCHEDULED);
        assertThat(first.triggeredBy()).isEqualTo("timetable");
        assertThat(first.state()).isEqualTo(RunState.QUEUED);
        assertThat(first.dataIntervalStart()).isEqualTo(start);
        assertThat(first.dataIntervalEnd()).isEqualTo(start);
        DagRecord row = fixture.dags.find("ticker").orElseThrow();
        Instant expectedNext = runs.get(runs.size() - 1).logicalDate().plusSeconds(1);
        // the last pass may have created one more run after we read the list
        assertThat(row.nextDagrun()).isIn(expectedNext, expectedNext.plusSeconds(1));
        assertThat(row.nextDagrunCreateAfter()).isEqualTo(row.nextDagrun());
        assertThat(row.nextDagrunDataIntervalStart()).isEqualTo(row.nextDagrun());
    }

    @Test
    void restartAfterDowntimeNeitherDuplicatesNorMissesRuns() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        Dag dag = SchedulingFixture.dag("ticker", SchedulingFixture.everySecond(), start, true);
        fixture.store(dag, false);
        String name = SchedulingFixture.randomName();

        try (QuartzDagScheduler quartz = fixture.startQuartz(name)) {
            quartz.sync(fixture.loaded.values());
            await(() -> fixture.runsOf("ticker").size() >= 2, PATIENCE);
        }
        int beforeDowntime = fixture.runsOf("ticker").size();
        // the downtime: a witness (another scheduler, another DAG) ticks on; its third run proves that two whole
        // seconds passed in which the stopped scheduler could have fired
        Dag witness = SchedulingFixture.dag("witness", SchedulingFixture.everySecond(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS), true);
        fixture.store(witness, false);
        try (QuartzDagScheduler other = fixture.startQuartz(SchedulingFixture.randomName())) {
            other.sync(List.of(witness));
            await(() -> fixture.runsOf("witness").size() >= 3, PATIENCE);
        }
        assertThat(fixture.runsOf("ticker")).hasSize(beforeDowntime); // stopped means stopped

        try (QuartzDagScheduler quartz = fixture.startQuartz(name)) {
            quartz.sync(fixture.loaded.values()); // the persisted trigger is kept (same definition)
            Instant restarted = Instant.now();
            await(() -> {
                List<DagRun> sofar = fixture.runsOf("ticker");
                return !sofar.get(sofar.size() - 1).logicalDate().isBefore(restarted.minusSeconds(1));
            }, PATIENCE);
        }

        List<DagRun> runs = fixture.runsOf("ticker");
        // the downtime held at least two whole seconds, each caught up by a run
        assertThat(runs.size()).isGreaterThanOrEqualTo(beforeDowntime + 2);
        assertContiguous(runs, start);
    }

    @Test
    void pausedDagGetsNoRunsUntilUnpaused() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(2);
        fixture.store(SchedulingFixture.dag("paused", SchedulingFixture.everySecond(), start, true), true);
        fixture.store(SchedulingFixture.dag("active", SchedulingFixture.everySecond(), start, true), false);

        try (QuartzDagScheduler quartz = fixture.startQuartz(SchedulingFixture.randomName())) {
            quartz.sync(fixture.loaded.values());
            await(() -> fixture.runsOf("active").size() >= 4, PATIENCE);
            assertThat(quartz.scheduledDagIds()).containsExactly("active");
            assertThat(fixture.runsOf("paused")).isEmpty();

            fixture.dags.setPaused("paused", false);
            quartz.onPauseChanged("paused", false);
            await(() -> fixture.runsOf("paused").size() >= 3, PATIENCE);

            fixture.dags.setPaused("active", true);
            quartz.onPauseChanged("active", true);
            Instant pausedAt = Instant.now();
            assertThat(quartz.scheduledDagIds()).containsExactly("paused");
            // two more runs of the unpaused DAG: the scheduler kept passing over its DAGs for over a second
            int pausedRuns = fixture.runsOf("paused").size();
            await(() -> fixture.runsOf("paused").size() >= pausedRuns + 2, PATIENCE);
            // a pass that had started before the pause may still have finished, but no run falls due after it
            assertThat(fixture.runsOf("active")).allSatisfy(run ->
                    assertThat(run.logicalDate()).isBeforeOrEqualTo(pausedAt));
        }
    }

    @Test
    void syncDropsTriggersOfDagsThatAreGone() throws Exception {
        // nothing due: only the trigger matters
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofHours(1));
        fixture.store(SchedulingFixture.dag("a", SchedulingFixture.everySecond(), start, true), false);
        fixture.store(SchedulingFixture.dag("b", SchedulingFixture.everySecond(), start, true), false);

        try (QuartzDagScheduler quartz = fixture.startQuartz(SchedulingFixture.randomName())) {
            quartz.sync(fixture.loaded.values());
            assertThat(quartz.scheduledDagIds()).containsExactly("a", "b");
            await(() -> quartz.nextFireTime("a").map(start::equals).orElse(false), PATIENCE);

            fixture.loaded.remove("b");
            quartz.sync(fixture.loaded.values());

            assertThat(quartz.scheduledDagIds()).containsExactly("a");
        }
        assertThat(fixture.runsOf("a")).isEmpty();
        assertThat(fixture.dags.find("a").orElseThrow().nextDagrun()).isEqualTo(start);
    }

    /**
     * Two nodes (same scheduler name, own instance ids, one database) form one Quartz cluster: each tick of a DAG's
     * schedule fires on one node only. Every fire of the DAG's job asks for the DAG's definition once, so the
     * fires are counted there: the first fire (sync sets the trigger for now, before the start date) creates
     * nothing, and each later one creates its tick's run (or several, when it comes late). A tick fired on both
     * nodes would be a fire that creates nothing, i.e. more than runs + 1 fires.
     */
    @Test
    void twoNodesOfOneClusterFireEachTickOnce() throws Exception {
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(2);
        Dag dag = SchedulingFixture.dag("clustered", SchedulingFixture.everySecond(), start, true);
        fixture.store(dag, false);
        String name = SchedulingFixture.randomName();
        java.util.concurrent.atomic.AtomicInteger fires = new java.util.concurrent.atomic.AtomicInteger();
        java.util.function.Function<String, java.util.Optional<Dag>> counted = dagId -> {
            fires.incrementAndGet();
            return java.util.Optional.ofNullable(fixture.loaded.get(dagId));
        };

        try (QuartzDagScheduler first = fixture.startQuartz(name, "node-a", counted);
             QuartzDagScheduler second = fixture.startQuartz(name, "node-b", counted)) {
            first.sync(fixture.loaded.values());
            second.sync(fixture.loaded.values());
            await(() -> fixture.runsOf("clustered").size() >= 6, Duration.ofSeconds(30));
            List<String> nodes = db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT instance_name FROM qrtz_scheduler_state WHERE sched_name = :name ORDER BY 1")
                    .bind("name", name).mapTo(String.class).list());
            assertThat(nodes).containsExactly("node-a", "node-b");
        }

        List<DagRun> runs = fixture.runsOf("clustered");
        assertContiguous(runs, start);
        assertThat(fires.get()).as("fires for %d runs", runs.size()).isBetween(2, runs.size() + 1);
    }

    /** One run per second from {@code start}, no gap, no duplicate. */
    private static void assertContiguous(List<DagRun> runs, Instant start) {
        for (int i = 0; i < runs.size(); i++) {
            assertThat(runs.get(i).logicalDate()).as("run %d of %s", i, runs).isEqualTo(start.plusSeconds(i));
        }
    }

    static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(50);
        }
    }
}
