package io.updraft.audit;

import io.updraft.store.Database;
import io.updraft.store.ListQuery;
import io.updraft.store.Listings;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** The stored audit log (table {@code event_log}). Thread-safe. */
public final class AuditLog {

    static final String TABLE = "event_log";
    private static final int MAX_TEXT = 250;

    private final Jdbi jdbi;
    private final Listings listings;

    public AuditLog(Database database) {
        this.jdbi = database.jdbi();
        this.listings = new Listings(database);
    }

    /** Stores the event; ids and names longer than their columns are cut, so recording never fails on input. */
    public void record(AuditEvent event) {
        recordAll(List.of(event));
    }

    /** Stores the events in one transaction. */
    public void recordAll(List<AuditEvent> events) {
        jdbi.useTransaction(handle -> {
            PreparedBatch batch = handle.prepareBatch("INSERT INTO event_log (dttm, event, owner, owner_display_name,"
                    + " dag_id, run_id, task_id, map_index, try_number, logical_date, extra) VALUES (:dttm,"
                    + " :event, :owner, :owner, :dag_id, :run_id, :task_id, :map_index, :try_number,"
                    + " :logical_date, :extra)");
            for (AuditEvent event : events) {
                bind(batch, event).add();
            }
            batch.execute();
        });
    }

    private static PreparedBatch bind(PreparedBatch batch, AuditEvent event) {
        return batch.bindByType("dttm", utc(event.when()), OffsetDateTime.class)
                .bind("event", cut(event.event(), 60))
                .bind("owner", cut(event.owner(), 500))
                .bind("dag_id", cut(event.dagId(), MAX_TEXT))
                .bind("run_id", cut(event.runId(), MAX_TEXT))
                .bind("task_id", cut(event.taskId(), MAX_TEXT))
                .bindByType("map_index", event.mapIndex(), Integer.class)
                .bindByType("try_number", event.tryNumber(), Integer.class)
                .bindByType("logical_date", utc(event.logicalDate()), OffsetDateTime.class)
                .bind("extra", event.extra());
    }

    public Optional<AuditEvent> find(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM event_log WHERE id = :id")
                .bind("id", id).map(AuditLog::row).findOne());
    }

    /** A page of events matching the query (columns of {@code event_log}). */
    public Listings.Slice<AuditEvent> list(ListQuery query, Listings.Window window) {
        return listings.page(TABLE, query, window, AuditLog::row);
    }

    private static AuditEvent row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new AuditEvent(rs.getLong("id"), instant(rs, "dttm"), rs.getString("event"), rs.getString("owner"),
                rs.getString("dag_id"), rs.getString("run_id"), rs.getString("task_id"), integer(rs, "map_index"),
                integer(rs, "try_number"), instant(rs, "logical_date"), rs.getString("extra"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static Integer integer(ResultSet rs, String column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
