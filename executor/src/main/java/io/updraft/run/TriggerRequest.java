package io.updraft.run;

import java.time.Instant;
import java.util.Map;

/**
 * What a caller asks for when it creates a run.
 *
 * @param runId null to generate Airflow's {@code <run_type>__<date>} id
 * @param logicalDate null for a run without a logical date
 * @param dataIntervalStart null to use the logical date
 * @param dataIntervalEnd null to use the logical date
 * @param runAfter null for the logical date, or now when there is none
 * @param triggeredBy Airflow 3's triggered_by (cli, rest_api, ui, test, timetable, backfill)
 */
public record TriggerRequest(
        String runId,
        RunType runType,
        Instant logicalDate,
        Instant dataIntervalStart,
        Instant dataIntervalEnd,
        Instant runAfter,
        Map<String, Object> conf,
        String note,
        String triggeredBy) {

    public static TriggerRequest manual(Instant logicalDate, Map<String, Object> conf, String triggeredBy) {
        return new TriggerRequest(null, RunType.MANUAL, logicalDate, null, null, null, conf, null, triggeredBy);
    }
}
