package io.updraft.store;

import io.updraft.audit.AuditEvent;
import io.updraft.audit.AuditLog;
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

/** {@link AuditLog} in table {@code event_log}; {@link Listings#eventLogs} pages it. Thread-safe. */
public final class JdbiAuditLog implements AuditLog {

    private static final int MAX_TEXT = 250;

    private final Jdbi jdbi;

    public JdbiAuditLog(Database database) {
        this.jdbi = database.jdbi();
    }

    /** Ids and names longer than their columns are cut, so recording never fails on input. */
    @Override
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

    @Override
    public Optional<AuditEvent> find(long id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT * FROM event_log WHERE id = :id")
                .bind("id", id).map(JdbiAuditLog::row).findOne());
    }

    static AuditEvent row(ResultSet rs, StatementContext ctx) throws SQLException {
        return new AuditEvent(rs.getLong("id"), Columns.instant(rs, "dttm"), rs.getString("event"),
                rs.getString("owner"), rs.getString("dag_id"), rs.getString("run_id"), rs.getString("task_id"),
                Columns.integer(rs, "map_index"), Columns.integer(rs, "try_number"),
                Columns.instant(rs, "logical_date"), rs.getString("extra"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static String cut(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max);
    }
}
