package io.updraft.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.json.Json;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dags next-execution} with Airflow 3.3.2's {@code --table} and {@code --field} on a CronDataIntervalTimetable
 * DAG; the dates are what Airflow computed for the same file (the ambiguous 01:30 of 2024-11-03 is the second one).
 */
class NextExecutionCliTest {

    @TempDir
    Path root;

    @Test
    void tableAndFieldGiveEachRunsDataIntervalAndRunAfter() throws Exception {
        CliProcess updraft = CliProcess.withDags(root, "data_intervals.yml");
        CliProcess.Result table = updraft.run("dags", "next-execution", "cdi_ny", "-n", "3", "--table", "-o", "json");
        String line = table.stdout().lines().filter(l -> l.startsWith("[")).findFirst().orElseThrow(
                () -> new AssertionError(table.stdout() + table.stderr()));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) Json.read(line);
        assertThat(rows).extracting(row -> row.get("logical_date") + " " + row.get("data_interval.start") + " "
                + row.get("data_interval.end") + " " + row.get("run_after")).containsExactly(
                "2024-11-01T05:30:00+00:00 2024-11-01T05:30:00+00:00 2024-11-02T05:30:00+00:00 2024-11-02T05:30:00+00:00",
                "2024-11-02T05:30:00+00:00 2024-11-02T05:30:00+00:00 2024-11-03T06:30:00+00:00 2024-11-03T06:30:00+00:00",
                "2024-11-03T06:30:00+00:00 2024-11-03T06:30:00+00:00 2024-11-04T06:30:00+00:00 2024-11-04T06:30:00+00:00");

        CliProcess.Result field = updraft.run("dags", "next-execution", "cdi_ny", "-n", "2", "--field",
                "data_interval.end");
        assertThat(field.stdout().lines().filter(l -> l.startsWith("2024")).toList())
                .containsExactly("2024-11-02T05:30:00+00:00", "2024-11-03T06:30:00+00:00");
    }
}
