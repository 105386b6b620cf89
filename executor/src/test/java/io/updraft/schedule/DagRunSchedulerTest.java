package io.updraft.schedule;

import io.updraft.SettableClock;
import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.Dag;
import io.updraft.dag.Schedule;
import io.updraft.run.DagRun;
import io.updraft.store.Database;
import io.updraft.store.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run creation without Quartz, on H2, with a clock the test moves. */
class DagRunSchedulerTest {

    @TempDir
    Path dir;
    private Database database;
    private SchedulingFixture fixture;
    private final SettableClock clock = new SettableClock(Instant.parse("2024-01-01T00:00:30Z"));

    @BeforeEach
    void open() {
        database = TestDatabase.h2(dir).open();
        fixture = new SchedulingFixture(database, clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void everyMinuteWithoutStartDateRunsTheTickJustPassedAndKeepsThatBookmark() {
        Dag dag = SchedulingFixture.dag("minutely", Schedule.cron("* * * * *", "* * * * *"), null, false);
        fixture.store(dag, false);

        // as Airflow 3.3: without a start_date, a tick missed by less than max(10% of the period, 5 min) still runs
        DagRunScheduler.Outcome first = fixture.runScheduler.schedule(dag);
        assertThat(first.created()).extracting(DagRun::runId).containsExactly("scheduled__2024-01-01T00:00:00+00:00");
        assertThat(first.fireAt()).isEqualTo(Instant.parse("2024-01-01T00:01:00Z"));

        clock.now = Instant.parse("2024-01-01T00:01:00.2Z");
        DagRunScheduler.Outcome second = fixture.runScheduler.schedule(dag);

        assertThat(second.created()).extracting(DagRun::runId).containsExactly("scheduled__2024-01-01T00:01:00+00:00");
        assertThat(second.fireAt()).isEqualTo(Instant.parse("2024-01-01T00:02:00Z"));
        assertThat(fixture.dags.find("minutely").orElseThrow().nextDagrunCreateAfter())
                .isEqualTo(Instant.parse("2024-01-01T00:02:00Z"));
    }

    @Test
    void withoutCatchupDowntimeYieldsOnlyTheLatestRunAndRepeatedPassesCreateNothing() {
        Dag dag = SchedulingFixture.dag("hourly", Schedule.cron("0 * * * *", "@hourly"),
                Instant.parse("2024-01-01T00:00:00Z"), false);
        fixture.store(dag, false);
        fixture.runScheduler.schedule(dag); // 00:00

        clock.now = Instant.parse("2024-01-01T05:30:00Z");
        DagRunScheduler.Outcome afterDowntime = fixture.runScheduler.schedule(dag);
        DagRunScheduler.Outcome again = fixture.runScheduler.schedule(dag);

        assertThat(afterDowntime.created()).extracting(DagRun::logicalDate)
                .containsExactly(Instant.parse("2024-01-01T05:00:00Z"));
        assertThat(again.created()).isEmpty();
        assertThat(fixture.runsOf("hourly")).hasSize(2);
    }

    @Test
    void cronInTheDagTimezoneAndEndDateStopTheSchedule() {
        Dag dag = Dag.builder("amsterdam")
                .schedule(Schedule.cron("0 0 * * *", "@daily"))
                .timezone(ZoneId.of("Europe/Amsterdam"))
                .startDate(Instant.parse("2024-03-29T23:00:00Z"))
                .endDate(Instant.parse("2024-03-31T22:00:00Z"))
                .catchup(true)
                .versionHash("v")
                .build();
        fixture.store(dag, false);
        clock.now = Instant.parse("2024-04-10T00:00:00Z");

        DagRunScheduler.Outcome outcome = fixture.runScheduler.schedule(dag);

        assertThat(outcome.created()).extracting(DagRun::logicalDate).containsExactly(
                Instant.parse("2024-03-29T23:00:00Z"), Instant.parse("2024-03-30T23:00:00Z"),
                Instant.parse("2024-03-31T22:00:00Z"));
        assertThat(outcome.fireAt()).isNull();
        assertThat(fixture.dags.find("amsterdam").orElseThrow().nextDagrun()).isNull();
    }

    @Test
    void onceRunsOnceAndPausedOrUnscheduledDagsNever() {
        Dag once = SchedulingFixture.dag("once", Schedule.once(), Instant.parse("2024-01-01T00:00:00Z"), false);
        Dag paused = SchedulingFixture.dag("paused", Schedule.once(), Instant.parse("2024-01-01T00:00:00Z"), false);
        Dag manual = SchedulingFixture.dag("manual", Schedule.NONE, Instant.parse("2024-01-01T00:00:00Z"), false);
        fixture.store(once, false);
        fixture.store(paused, true);
        fixture.store(manual, false);

        assertThat(fixture.runScheduler.schedule(once).created()).hasSize(1);
        assertThat(fixture.runScheduler.schedule(once).created()).isEmpty();
        assertThat(fixture.runScheduler.schedule(once).fireAt()).isNull();
        assertThat(fixture.runScheduler.schedule(paused).created()).isEmpty();
        assertThat(fixture.runScheduler.schedule(manual).created()).isEmpty();
        assertThat(fixture.runsOf("paused")).isEmpty();
        assertThat(fixture.runsOf("manual")).isEmpty();
    }

    @Test
    void continuousCreatesTheNextRunOnlyWhenThePreviousFinished() {
        Dag dag = SchedulingFixture.dag("loop", Schedule.continuous(), Instant.parse("2024-01-01T00:00:00Z"), false);
        fixture.store(dag, false);

        DagRun first = fixture.runScheduler.schedule(dag).created().get(0);
        clock.now = clock.now.plusSeconds(5);
        assertThat(fixture.runScheduler.schedule(dag).created()).isEmpty(); // first is still queued
        database.jdbi().useHandle(h -> h.execute("UPDATE dag_run SET state = 'success' WHERE run_id = ?", first.runId()));
        DagRun second = fixture.runScheduler.schedule(dag).created().get(0);

        assertThat(second.dataIntervalStart()).isEqualTo(first.dataIntervalEnd());
        assertThat(second.dataIntervalEnd()).isEqualTo(clock.now);
    }
}
