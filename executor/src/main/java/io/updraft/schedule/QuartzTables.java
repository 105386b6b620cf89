package io.updraft.schedule;

import java.util.Map;
import javax.sql.DataSource;

/**
 * What Quartz's JDBC job store needs of the store's database (migration V2 holds its tables): the pool, the SQL
 * dialect as Quartz names it, and maintenance of the Quartz tables. Thread-safe.
 */
public interface QuartzTables {

    /** The store's own pool, which Quartz shares. */
    DataSource dataSource();

    /** Quartz's driver delegate class for this database. */
    String driverDelegateClass();

    /** Whether an interrupted JDBC call can close the whole database for every user (H2's file channel). */
    boolean interruptsCloseDatabase();

    /** Trigger name to description of one scheduler's trigger group, read in one query (not one per trigger). */
    Map<String, String> triggerDescriptions(String schedulerName, String group);

    /** Deletes every row of one scheduler name; only after that scheduler has shut down. */
    void deleteScheduler(String schedulerName);
}
