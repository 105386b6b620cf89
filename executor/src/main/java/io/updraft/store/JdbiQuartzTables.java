package io.updraft.store;

import io.updraft.schedule.QuartzTables;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/** {@link QuartzTables} of the store's database. Thread-safe. */
public final class JdbiQuartzTables implements QuartzTables {

    /** Children before parents (foreign keys). */
    private static final List<String> TABLES = List.of("qrtz_fired_triggers", "qrtz_simple_triggers",
            "qrtz_cron_triggers", "qrtz_simprop_triggers", "qrtz_blob_triggers", "qrtz_triggers",
            "qrtz_job_details", "qrtz_calendars", "qrtz_paused_trigger_grps", "qrtz_scheduler_state", "qrtz_locks");

    private final Database database;

    public JdbiQuartzTables(Database database) {
        this.database = database;
    }

    @Override
    public DataSource dataSource() {
        return database.dataSource();
    }

    @Override
    public String driverDelegateClass() {
        return database.dialect().pick(
                "org.quartz.impl.jdbcjobstore.StdJDBCDelegate", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
    }

    @Override
    public boolean interruptsCloseDatabase() {
        return database.dialect().pick(true, false);
    }

    @Override
    public Map<String, String> triggerDescriptions(String schedulerName, String group) {
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

    @Override
    public void deleteScheduler(String schedulerName) {
        database.jdbi().useTransaction(h -> {
            for (String table : TABLES) {
                h.createUpdate("DELETE FROM " + table + " WHERE sched_name = :name").bind("name", schedulerName)
                        .execute();
            }
        });
    }
}
