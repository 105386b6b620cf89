package io.updraft.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TimetableTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    private static final Instant JAN_1 = Instant.parse("2024-01-01T00:00:00Z");
    private static final Instant NOW = Instant.parse("2024-01-05T12:00:00Z");

    private static CronTriggerTimetable daily() {
        return new CronTriggerTimetable("0 0 * * *", ZoneOffset.UTC);
    }

    /** Every run the scheduler would create up to {@code now}, feeding each run back as the last one. */
    private static List<Instant> dueRuns(Timetable timetable, Restriction restriction, Instant now) {
        List<Instant> runs = new ArrayList<>();
        DataInterval last = null;
        for (int i = 0; i < 1000; i++) {
            Optional<DagRunInfo> next = timetable.nextRun(last, restriction, now);
            if (next.isEmpty() || !next.get().isDue(now)) {
                break;
            }
            runs.add(next.get().logicalDate());
            last = next.get().dataInterval();
        }
        return runs;
    }

    @Test
    void dailyWithCatchupCreatesEveryDaySinceStartDate() {
        List<Instant> runs = dueRuns(daily(), new Restriction(JAN_1, null, true), NOW);

        assertThat(runs).containsExactly(JAN_1, JAN_1.plus(Duration.ofDays(1)), JAN_1.plus(Duration.ofDays(2)),
                JAN_1.plus(Duration.ofDays(3)), JAN_1.plus(Duration.ofDays(4)));
    }

    @Test
    void dailyRunIsAtTheTriggerTimeWithAZeroLengthInterval() {
        DagRunInfo first = daily().nextRun(null, new Restriction(JAN_1, null, true), NOW).orElseThrow();

        assertThat(first).isEqualTo(new DagRunInfo(JAN_1, new DataInterval(JAN_1, JAN_1), JAN_1));
    }

    @Test
    void dailyWithoutCatchupCreatesOnlyTheMostRecentRunThenTheNextDay() {
        Restriction restriction = new Restriction(JAN_1, null, false);

        assertThat(dueRuns(daily(), restriction, NOW)).containsExactly(Instant.parse("2024-01-05T00:00:00Z"));
        DagRunInfo afterLast = daily().nextRun(DataInterval.exact(Instant.parse("2024-01-02T00:00:00Z")),
                restriction, NOW).orElseThrow();
        assertThat(afterLast.logicalDate()).isEqualTo(Instant.parse("2024-01-05T00:00:00Z"));
        DagRunInfo afterRecent = daily().nextRun(DataInterval.exact(Instant.parse("2024-01-05T00:00:00Z")),
                restriction, NOW).orElseThrow();
        assertThat(afterRecent.runAfter()).isEqualTo(Instant.parse("2024-01-06T00:00:00Z"));
        assertThat(afterRecent.isDue(NOW)).isFalse();
    }

    @Test
    void withoutCatchupAFutureStartDateWins() {
        Instant start = Instant.parse("2024-02-01T10:00:00Z");

        DagRunInfo next = daily().nextRun(null, new Restriction(start, null, false), NOW).orElseThrow();

        assertThat(next.logicalDate()).isEqualTo(Instant.parse("2024-02-02T00:00:00Z"));
    }

    @Test
    void withoutStartDateTheFirstRunIsTheNextTriggerTime() {
        DagRunInfo next = daily().nextRun(null, new Restriction(null, null, false), NOW).orElseThrow();

        assertThat(next.logicalDate()).isEqualTo(Instant.parse("2024-01-06T00:00:00Z"));
    }

    @Test
    void endDateIsInclusiveAndStopsTheSchedule() {
        Instant end = Instant.parse("2024-01-03T00:00:00Z");
        Restriction restriction = new Restriction(JAN_1, end, true);

        assertThat(dueRuns(daily(), restriction, NOW))
                .containsExactly(JAN_1, Instant.parse("2024-01-02T00:00:00Z"), end);
        assertThat(daily().nextRun(DataInterval.exact(end), restriction, NOW)).isEmpty();
    }

    @Test
    void dayOfMonthOrDayOfWeekWhenBothAreRestricted() {
        // "0 0 1 * 1": the 1st of the month OR every Monday (croniter); 2024-01-01 and 2024-02-05 are Mondays
        CronSchedule cron = new CronSchedule("0 0 1 * 1", ZoneOffset.UTC);

        assertThat(cron.next(JAN_1)).isEqualTo(Instant.parse("2024-01-08T00:00:00Z"));
        assertThat(cron.next(Instant.parse("2024-01-29T00:00:00Z"))).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
        assertThat(cron.next(Instant.parse("2024-02-01T00:00:00Z"))).isEqualTo(Instant.parse("2024-02-05T00:00:00Z"));
        assertThat(cron.previous(Instant.parse("2024-02-04T00:00:00Z")))
                .isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
        assertThat(cron.previous(Instant.parse("2024-02-01T00:00:00Z")))
                .isEqualTo(Instant.parse("2024-01-29T00:00:00Z"));
    }

    @Test
    void onlyOneDayFieldRestrictedMeansThatFieldAlone() {
        CronSchedule mondays = new CronSchedule("0 0 * * 1", ZoneOffset.UTC);
        CronSchedule firsts = new CronSchedule("0 0 1 * *", ZoneOffset.UTC);

        assertThat(mondays.next(Instant.parse("2024-01-29T00:00:00Z"))).isEqualTo(Instant.parse("2024-02-05T00:00:00Z"));
        assertThat(firsts.next(JAN_1)).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
    }

    @Test
    void dailyInAmsterdamStaysAtLocalMidnightAcrossTheSpringForward() {
        CronTriggerTimetable timetable = new CronTriggerTimetable("0 0 * * *", AMSTERDAM);
        Instant midnightMarch31 = Instant.parse("2024-03-30T23:00:00Z"); // 00:00 CET

        assertThat(timetable.next(midnightMarch31)).isEqualTo(Instant.parse("2024-03-31T22:00:00Z")); // 00:00 CEST
    }

    @Test
    void aTimeInTheDstGapMovesForward() {
        CronSchedule cron = new CronSchedule("30 2 * * *", AMSTERDAM);

        // 02:30 does not exist on 2024-03-31 in Amsterdam: the run is at 03:30 CEST = 01:30Z
        assertThat(cron.next(Instant.parse("2024-03-30T01:30:00Z"))).isEqualTo(Instant.parse("2024-03-31T01:30:00Z"));
        assertThat(cron.next(Instant.parse("2024-03-31T01:30:00Z"))).isEqualTo(Instant.parse("2024-04-01T00:30:00Z"));
    }

    @Test
    void anAmbiguousCronTimeTakesTheSecondOccurrenceAsAirflowDoes() {
        // Airflow 3.3.2: CronTriggerTimetable("30 1 * * *", timezone="America/New_York") from 2024-11-02T00:00Z gives
        // 2024-11-02T05:30Z, 2024-11-03T06:30Z (the second 01:30, fold=1), 2024-11-04T06:30Z
        CronTriggerTimetable timetable = new CronTriggerTimetable("30 1 * * *", ZoneId.of("America/New_York"));

        List<Instant> runs = dueRuns(timetable, new Restriction(Instant.parse("2024-11-02T00:00:00Z"), null, true),
                Instant.parse("2024-11-04T12:00:00Z"));

        assertThat(runs).containsExactly(Instant.parse("2024-11-02T05:30:00Z"), Instant.parse("2024-11-03T06:30:00Z"),
                Instant.parse("2024-11-04T06:30:00Z"));
    }

    @Test
    void anHourFieldNamingEveryHourIsEveryHourThroughTheFallBack() {
        // Airflow 3.3.2: "15 0-23/1 * * *" in America/New_York runs 25 times from 2024-11-03T04:00Z (local midnight)
        // to 2024-11-04T05:00Z: croniter normalises the hour field to "*", so both 01:15 run
        for (String expression : List.of("15 0-23/1 * * *", "15 0-23 * * *", "15 */1 * * *", "15 1-23,0 * * *")) {
            CronTriggerTimetable timetable = new CronTriggerTimetable(expression, ZoneId.of("America/New_York"));

            List<Instant> runs = dueRuns(timetable, new Restriction(Instant.parse("2024-11-03T04:00:00Z"), null,
                    true), Instant.parse("2024-11-04T04:59:00Z"));

            assertThat(runs).as(expression).hasSize(25).startsWith(Instant.parse("2024-11-03T04:15:00Z"))
                    .endsWith(Instant.parse("2024-11-04T04:15:00Z"));
        }
        assertThat(CronSchedule.coversEveryHour("0-22")).isFalse();
        assertThat(CronSchedule.coversEveryHour("*/2")).isFalse();
    }

    @Test
    void hourlyRunsEveryRealHourThroughTheFallBack() {
        CronSchedule hourly = new CronSchedule("0 * * * *", AMSTERDAM);
        Instant t = Instant.parse("2024-10-26T23:00:00Z"); // 01:00 CEST; clocks go back at 01:00Z (03:00 CEST)

        List<Instant> times = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            t = hourly.next(t);
            times.add(t);
        }

        assertThat(times).containsExactly(Instant.parse("2024-10-27T00:00:00Z"), Instant.parse("2024-10-27T01:00:00Z"),
                Instant.parse("2024-10-27T02:00:00Z"), Instant.parse("2024-10-27T03:00:00Z"));
        assertThat(hourly.previous(Instant.parse("2024-10-27T02:00:00Z"))).isEqualTo(Instant.parse("2024-10-27T01:00:00Z"));
    }

    @Test
    void hourlyRunsEveryRealHourThroughTheSpringForward() {
        CronSchedule hourly = new CronSchedule("0 * * * *", AMSTERDAM);

        assertThat(hourly.next(Instant.parse("2024-03-31T00:00:00Z"))).isEqualTo(Instant.parse("2024-03-31T01:00:00Z"));
    }

    @Test
    void alignmentKeepsTimesOnTheScheduleAndMovesOthers() {
        CronSchedule cron = new CronSchedule("0 0 * * *", ZoneOffset.UTC);

        assertThat(cron.alignNext(JAN_1)).isEqualTo(JAN_1);
        assertThat(cron.alignPrevious(JAN_1)).isEqualTo(JAN_1);
        assertThat(cron.alignNext(NOW)).isEqualTo(Instant.parse("2024-01-06T00:00:00Z"));
        assertThat(cron.alignPrevious(NOW)).isEqualTo(Instant.parse("2024-01-05T00:00:00Z"));
    }

    @Test
    void onceRunsOnceAtStartDateWhateverCatchupSays() {
        OnceTimetable once = new OnceTimetable();
        Restriction restriction = new Restriction(JAN_1, null, false);

        assertThat(dueRuns(once, restriction, NOW)).containsExactly(JAN_1);
        assertThat(once.nextRun(DataInterval.exact(JAN_1), restriction, NOW)).isEmpty();
        assertThat(once.nextRun(null, new Restriction(null, null, false), NOW).orElseThrow().logicalDate())
                .isEqualTo(NOW);
    }

    @Test
    void deltaRunsEveryIntervalFromStartDateWithCatchupAndFromNowWithout() {
        DeltaTriggerTimetable every6h = new DeltaTriggerTimetable(Duration.ofHours(6));
        Instant now = JAN_1.plus(Duration.ofHours(13));

        assertThat(dueRuns(every6h, new Restriction(JAN_1, null, true), now))
                .containsExactly(JAN_1, JAN_1.plus(Duration.ofHours(6)), JAN_1.plus(Duration.ofHours(12)));
        assertThat(dueRuns(every6h, new Restriction(JAN_1, null, false), now)).containsExactly(now);
        assertThat(every6h.nextRun(DataInterval.exact(now), new Restriction(JAN_1, null, false), now)
                .orElseThrow().runAfter()).isEqualTo(now.plus(Duration.ofHours(6)));
    }

    @Test
    void continuousCoversThePreviousEndToNow() {
        ContinuousTimetable continuous = new ContinuousTimetable();
        Instant previousEnd = NOW.minusSeconds(30);

        DagRunInfo next = continuous.nextRun(new DataInterval(JAN_1, previousEnd), new Restriction(JAN_1, null, false),
                NOW).orElseThrow();

        assertThat(next).isEqualTo(new DagRunInfo(previousEnd, new DataInterval(previousEnd, NOW), NOW));
        assertThat(continuous.nextRun(null, new Restriction(null, JAN_1, false), NOW)).isEmpty();
    }

    @Test
    void noneNeverSchedulesAndManualIntervalsAreZeroLength() {
        assertThat(new NullTimetable().nextRun(null, new Restriction(JAN_1, null, true), NOW)).isEmpty();
        assertThat(daily().inferManualDataInterval(NOW)).isEqualTo(new DataInterval(NOW, NOW));
    }

    @Test
    void withoutStartDateATickMissedByUnderTenPercentOfThePeriodOrFiveMinutesStillRuns() {
        Restriction noStart = new Restriction(null, null, false);
        Instant tenPast = Instant.parse("2024-01-05T00:10:00Z");
        assertThat(daily().nextRun(null, noStart, tenPast).orElseThrow().logicalDate()).as("10 min < 2.4 h")
                .isEqualTo(Instant.parse("2024-01-05T00:00:00Z"));
        assertThat(daily().nextRun(null, noStart, Instant.parse("2024-01-05T03:00:00Z")).orElseThrow().logicalDate())
                .isEqualTo(Instant.parse("2024-01-06T00:00:00Z"));
        CronTriggerTimetable everyTenMinutes = new CronTriggerTimetable("*/10 * * * *", ZoneOffset.UTC);
        assertThat(everyTenMinutes.nextRun(null, noStart, Instant.parse("2024-01-05T00:04:00Z")).orElseThrow()
                .logicalDate()).as("at least 5 minutes").isEqualTo(Instant.parse("2024-01-05T00:00:00Z"));
    }

    @Test
    void aTriggerTimetablesIntervalEndsAtTheTickAndItsStartIsTheLogicalDate() {
        CronTriggerTimetable hourlyData = new CronTriggerTimetable("0 2 * * *", AMSTERDAM, Duration.ofHours(1));
        Instant tick = Instant.parse("2024-01-01T01:00:00Z"); // 02:00 in Amsterdam
        DagRunInfo first = hourlyData.nextRun(null, new Restriction(JAN_1, null, true), NOW).orElseThrow();
        assertThat(first).isEqualTo(new DagRunInfo(tick.minus(Duration.ofHours(1)),
                new DataInterval(tick.minus(Duration.ofHours(1)), tick), tick));
        assertThat(hourlyData.inferManualDataInterval(NOW)).isEqualTo(new DataInterval(NOW.minus(Duration.ofHours(1)),
                NOW));
    }
}
