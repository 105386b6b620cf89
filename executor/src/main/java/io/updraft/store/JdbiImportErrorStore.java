package io.updraft.store;

import io.updraft.dag.ImportErrorRecord;
import io.updraft.dag.ImportErrorStore;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.StatementContext;

/** {@link ImportErrorStore} on Jdbi. Thread-safe. */
public final class JdbiImportErrorStore implements ImportErrorStore {

    /** Airflow 3's name for the bundle of the local DAGs folder. */
    static final String BUNDLE_NAME = "dags-folder";

    private final Jdbi jdbi;

    public JdbiImportErrorStore(Database database) {
        this.jdbi = database.jdbi();
    }

    @Override
    public void replaceAll(Collection<ImportErrorRecord> errors) {
        jdbi.useTransaction(h -> {
            h.createUpdate("DELETE FROM import_error").execute();
            if (errors.isEmpty()) {
                return;
            }
            PreparedBatch batch = h.prepareBatch("""
                    INSERT INTO import_error ("timestamp", filename, bundle_name, stack_trace)
                    VALUES (:timestamp, :filename, :bundle_name, :stack_trace)""");
            for (ImportErrorRecord error : errors) {
                batch.bindByType("timestamp", error.timestamp(), Instant.class)
                        .bind("filename", error.filename())
                        .bind("bundle_name", BUNDLE_NAME)
                        .bind("stack_trace", error.stackTrace())
                        .add();
            }
            batch.execute();
        });
    }

    @Override
    public List<ImportErrorRecord> list(int limit, int offset) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT id, "timestamp", filename, stack_trace FROM import_error
                        ORDER BY filename, id LIMIT :limit OFFSET :offset""")
                .bind("limit", limit)
                .bind("offset", offset)
                .map(JdbiImportErrorStore::importError)
                .list());
    }

    @Override
    public Optional<ImportErrorRecord> find(long id) {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT id, \"timestamp\", filename, stack_trace FROM import_error WHERE id = :id")
                .bind("id", id)
                .map(JdbiImportErrorStore::importError)
                .findOne());
    }

    @Override
    public long count() {
        return jdbi.withHandle(h -> h.createQuery("SELECT COUNT(*) FROM import_error").mapTo(Long.class).one());
    }

    private static ImportErrorRecord importError(ResultSet rs, StatementContext ctx) throws SQLException {
        return new ImportErrorRecord(rs.getLong("id"), Columns.instant(rs, "timestamp"), rs.getString("filename"),
                rs.getString("stack_trace"));
    }
}
