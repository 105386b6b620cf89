package io.updraft.template;

import io.updraft.run.DagRun;
import io.updraft.run.RunReads;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Airflow's {@code prev_data_interval_start_success}, {@code prev_data_interval_end_success},
 * {@code prev_start_date_success} and {@code prev_end_date_success}: from the latest successful run of the DAG
 * whose logical date is before this run's (None when there is none, or when this run has no logical date).
 */
public final class PreviousSuccess {

    static final String[] KEYS = {"prev_data_interval_start_success", "prev_data_interval_end_success",
            "prev_start_date_success", "prev_end_date_success"};

    private PreviousSuccess() {
    }

    /** Adds the four keys to {@link ContextValues}' map (ISO strings, or null). */
    public static void put(Map<String, Object> values, RunReads runs, DagRun run) {
        Optional<DagRun> previous = run.logicalDate() == null ? Optional.empty()
                : runs.previousSuccess(run.dagId(), run.logicalDate());
        values.put(KEYS[0], previous.map(p -> iso(p.dataIntervalStart())).orElse(null));
        values.put(KEYS[1], previous.map(p -> iso(p.dataIntervalEnd())).orElse(null));
        values.put(KEYS[2], previous.map(p -> iso(p.startDate())).orElse(null));
        values.put(KEYS[3], previous.map(p -> iso(p.endDate())).orElse(null));
    }

    private static String iso(Instant instant) {
        return instant == null ? null : AirflowDates.iso(instant);
    }
}
