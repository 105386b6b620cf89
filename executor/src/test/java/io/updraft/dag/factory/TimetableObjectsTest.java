package io.updraft.dag.factory;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.AssetCondition;
import io.updraft.dag.AssetRef;
import io.updraft.dag.Dag;
import io.updraft.dag.DagBag;
import io.updraft.schedule.DagRunInfo;
import io.updraft.schedule.DataInterval;
import io.updraft.schedule.Restriction;
import io.updraft.schedule.Timetable;
import io.updraft.schedule.Timetables;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CronDataIntervalTimetable, DeltaDataIntervalTimetable and AssetOrTimeSchedule written as dag-factory 1.1 takes
 * them, loaded from a real folder; every expected date is what Airflow 3.3.2 computed for the same file (its
 * next_dagrun_info, with utcnow fixed at {@link #NOW}).
 */
class TimetableObjectsTest {

    private static final String EMPTY = "  tasks: [{task_id: a, operator: airflow.providers.standard.operators.empty"
            + ".EmptyOperator}]\n";
    private static final Instant NOW = Instant.parse("2024-11-03T07:10:00Z");

    @TempDir
    Path tempDir;
    private DagFolder folder;

    @BeforeEach
    void setUp() {
        folder = new DagFolder(tempDir);
    }

    private Dag load(String yaml) {
        folder.write("dags/dag.yml", yaml + EMPTY);
        DagBag bag = folder.load();
        assertThat(bag.importErrors()).isEmpty();
        return bag.dags().get(0);
    }

    /** Four runs as the scheduler creates them one after the other: "start end" of each data interval. */
    private static List<String> runs(Dag dag, boolean catchup) {
        Timetable timetable = Timetables.of(dag);
        Restriction restriction = new Restriction(dag.startDate(), null, catchup);
        List<String> runs = new ArrayList<>();
        DataInterval last = null;
        for (int i = 0; i < 4; i++) {
            DagRunInfo info = timetable.nextRun(last, restriction, NOW).orElseThrow();
            assertThat(info.runAfter()).isEqualTo(info.dataInterval().end());
            assertThat(info.logicalDate()).isEqualTo(info.dataInterval().start());
            runs.add(info.dataInterval().start() + " " + info.dataInterval().end());
            last = info.dataInterval();
        }
        return runs;
    }

    @Test
    void cronDataIntervalsRunAtTheEndOfEachPeriodAcrossTheAutumnChange() {
        Dag dag = load("""
                cdi_ny:
                  start_date: 2024-11-01T00:00:00
                  timezone: America/New_York
                  schedule: {__type__: airflow.timetables.interval.CronDataIntervalTimetable, cron: "30 1 * * *",
                             timezone: America/New_York}
                """);
        assertThat(dag.schedule().text()).isEqualTo("30 1 * * *");
        assertThat(runs(dag, true)).containsExactly(
                "2024-11-01T05:30:00Z 2024-11-02T05:30:00Z", "2024-11-02T05:30:00Z 2024-11-03T06:30:00Z",
                "2024-11-03T06:30:00Z 2024-11-04T06:30:00Z", "2024-11-04T06:30:00Z 2024-11-05T06:30:00Z");
        // catchup=False: the period that ended last is the first
        assertThat(runs(dag, false).get(0)).isEqualTo("2024-11-02T05:30:00Z 2024-11-03T06:30:00Z");
        assertThat(Timetables.inferManualDataInterval(dag, NOW))
                .isEqualTo(new DataInterval(Instant.parse("2024-11-02T05:30:00Z"), Instant.parse("2024-11-03T06:30:00Z")));
    }

    @Test
    void deltaDataIntervalsFromStartDateOrOnTheEpochGridWithoutCatchup() {
        Dag dag = load("""
                ddi_6h:
                  start_date: 2024-01-01T03:00:00
                  schedule: {__type__: airflow.sdk.DeltaDataIntervalTimetable, delta: {__type__: datetime.timedelta, hours: 6}}
                """);
        assertThat(dag.schedule().text()).isEqualTo("6:00:00");
        assertThat(runs(dag, true)).containsExactly(
                "2024-01-01T03:00:00Z 2024-01-01T09:00:00Z", "2024-01-01T09:00:00Z 2024-01-01T15:00:00Z",
                "2024-01-01T15:00:00Z 2024-01-01T21:00:00Z", "2024-01-01T21:00:00Z 2024-01-02T03:00:00Z");
        assertThat(runs(dag, false)).containsExactly(
                "2024-11-03T00:00:00Z 2024-11-03T06:00:00Z", "2024-11-03T06:00:00Z 2024-11-03T12:00:00Z",
                "2024-11-03T12:00:00Z 2024-11-03T18:00:00Z", "2024-11-03T18:00:00Z 2024-11-04T00:00:00Z");
        assertThat(Timetables.inferManualDataInterval(dag, NOW))
                .isEqualTo(new DataInterval(Instant.parse("2024-11-03T01:10:00Z"), NOW));
    }

    @Test
    void assetOrTimeScheduleRunsOnItsTimetableAndOnItsAssets() {
        Dag dag = load("""
                aot:
                  start_date: 2024-01-01T03:00:00
                  schedule:
                    __type__: airflow.sdk.AssetOrTimeSchedule
                    timetable: {__type__: airflow.sdk.CronDataIntervalTimetable, expression: "@daily", timezone: UTC}
                    assets: [{__type__: airflow.sdk.Asset, uri: "s3://b/x"}]
                """);
        assertThat(dag.schedule().text()).isEqualTo("Asset or 0 0 * * *");
        assertThat(dag.assets().schedule()).isEqualTo(new AssetCondition.All(List.of(
                new AssetCondition.Single(AssetRef.ofUri("s3://b/x")))));
        assertThat(runs(dag, true).get(0)).isEqualTo("2024-01-02T00:00:00Z 2024-01-03T00:00:00Z");
        assertThat(runs(dag, false).get(0)).isEqualTo("2024-11-02T00:00:00Z 2024-11-03T00:00:00Z");
    }

    @Test
    void aTriggerTimetableUnderAssetOrTimeKeepsItsTriggerSemantics() {
        Dag dag = load("""
                aot_trigger:
                  start_date: 2024-01-01
                  schedule:
                    __type__: airflow.timetables.assets.AssetOrTimeSchedule
                    timetable: {__type__: airflow.sdk.CronTriggerTimetable, expression: "0 4 * * *", timezone: UTC}
                    assets:
                      __type__: airflow.sdk.AssetAny
                      __args__: [{__type__: airflow.sdk.Asset, uri: "s3://b/x"}, {__type__: airflow.sdk.Asset, uri: "s3://b/y"}]
                """);
        assertThat(dag.schedule().text()).isEqualTo("Asset or 0 4 * * *");
        assertThat(dag.assets().schedule()).isInstanceOf(AssetCondition.Any.class);
        Optional<DagRunInfo> first = Timetables.nextRun(dag, null, NOW);
        assertThat(first.orElseThrow().dataInterval()).isEqualTo(DataInterval.exact(Instant.parse("2024-11-03T04:00:00Z")));
    }

    @Test
    void badTimetableObjectsAreImportErrorsNamingTheirKey() {
        folder.write("dags/dag.yml", """
                no_zone:
                  schedule: {__type__: airflow.sdk.CronDataIntervalTimetable, expression: "0 4 * * *"}
                """ + EMPTY + """
                text_timetable:
                  schedule: {__type__: airflow.sdk.AssetOrTimeSchedule, timetable: "0 4 * * *", assets: []}
                """ + EMPTY + """
                uri_assets:
                  schedule:
                    __type__: airflow.sdk.AssetOrTimeSchedule
                    timetable: {__type__: airflow.sdk.DeltaDataIntervalTimetable, delta: {__type__: datetime.timedelta, hours: 0}}
                    assets: ["s3://b/x"]
                """ + EMPTY);
        DagBag bag = folder.load();
        assertThat(bag.dags()).isEmpty();
        assertThat(bag.importErrors()).extracting(error -> error.line() + ": " + error.message()).containsExactly(
                "2: DAG 'no_zone': airflow.sdk.CronDataIntervalTimetable needs timezone (e.g. \"UTC\")",
                "5: DAG 'text_timetable': airflow.sdk.AssetOrTimeSchedule's timetable must be a timetable object "
                        + "(__type__: airflow.sdk.CronTriggerTimetable, CronDataIntervalTimetable, "
                        + "DeltaTriggerTimetable or DeltaDataIntervalTimetable), not '0 4 * * *'",
                "10: DAG 'uri_assets': schedule interval must be positive, not 0:00:00",
                "11: DAG 'uri_assets': AssetOrTimeSchedule's assets must be __type__ objects (airflow.sdk.Asset, "
                        + "AssetAlias, AssetAll, AssetAny), not 's3://b/x'; dag-factory builds no asset from a URI "
                        + "or __and__/__or__ here");
    }
}
