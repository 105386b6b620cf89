package io.updraft.store;

import io.updraft.dag.DagWarningRecord;
import io.updraft.dag.DagWarningStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Collection;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link DagWarningStore} on Jdbi. Thread-safe. */
public final class JdbiDagWarningStore implements DagWarningStore {

    /** The columns {@link #warning} maps, with the DAG's display name when the DAG is loaded. */
    static final String COLUMNS = "id, dag_id, warning_type, message, \"timestamp\", filename, line, "
            + "(SELECT d.dag_display_name FROM dag d WHERE d.dag_id = dag_warning.dag_id) AS dag_display_name";

    private final Jdbi jdbi;

    public JdbiDagWarningStore(Database database) {
        this.jdbi = database.jdbi();
    }

    @Override
    public void replaceAll(Collection<DagWarningRecord> warnings) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM dag_warning").execute();
            if (warnings.isEmpty()) {
                return;
            }
            PreparedBatch batch = h.prepareBatch("""
                    INSERT INTO dag_warning (dag_id, warning_type, message, "timestamp", filename, line)
                    VALUES (:dag_id, :warning_type, :message, :timestamp, :filename, :line)""");
            for (DagWarningRecord warning : warnings) {
                batch.bind("dag_id", warning.dagId())
                        .bind("warning_type", warning.warningType())
                        .bind("message", warning.message())
                        .bindByType("timestamp", warning.timestamp(), Instant.class)
                        .bind("filename", warning.filename());
                if (warning.line() == null) {
                    batch.bindNull("line", Types.INTEGER);
                } else {
                    batch.bind("line", warning.line().intValue());
                }
                batch.add();
            }
            batch.execute();
        });
    }

    @Override
    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM dag_warning").mapTo(Long.class).one());
    }

    static DagWarningRecord warning(ResultSet rs, StatementContext ctx) throws SQLException {
        int line = rs.getInt("line");
        return new DagWarningRecord(rs.getLong("id"), rs.getString("dag_id"), rs.getString("warning_type"),
                rs.getString("message"), Columns.instant(rs, "timestamp"), rs.getString("filename"),
                rs.wasNull() ? null : line, rs.getString("dag_display_name"));
    }
}
