package io.updraft.schedule;

import io.updraft.store.Database;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Maintenance of the Quartz tables of migration V2. */
final class QuartzTables {

    /** Children before parents (foreign keys). */
    private static final List<String> TABLES = List.of("qrtz_fired_triggers", "qrtz_simple_triggers",
            "qrtz_cron_triggers", "qrtz_simprop_triggers", "qrtz_blob_triggers", "qrtz_triggers",
            "qrtz_job_details", "qrtz_calendars", "qrtz_paused_trigger_grps", "qrtz_scheduler_state", "qrtz_locks");

    private QuartzTables() {
    }

    /** Trigger name to description of one scheduler's trigger group, read in one query (not one per trigger). */
    static Map<String, String> triggerDescriptions(Database database, String schedulerName, String group) {
        Map<String, String> descriptions = new HashMap<>();
        database.jdbi().useHandle(h -> h.createQuery("""
                        SELECT trigger_name, description FROM qrtz_triggers
                        WHERE sched_name = :name AND trigger_group = :trigger_group""")
                .bind("name", schedulerName)
                .bind("trigger_group", group)
                .map((rs, ctx) -> Map.entry(rs.getString("trigger_name"), String.valueOf(rs.getString("description"))))
                .forEach(entry -> descriptions.put(entry.getKey(), entry.getValue())));
        return descriptions;
    }

    /** Deletes every row of one scheduler name; only after that scheduler has shut down. */
    static void deleteScheduler(Database database, String schedulerName) {
        database.jdbi().useTransaction(h -> {
            for (String table : TABLES) {
                h.createUpdate("DELETE FROM " + table + " WHERE sched_name = :name").bind("name", schedulerName)
                        .execute();
            }
        });
    }
}
