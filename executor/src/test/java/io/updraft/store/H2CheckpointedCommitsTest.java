package io.updraft.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On the embedded store a write is in the file when the call that made it returns, whether it ran in a transaction
 * or with auto-commit, through Jdbi or plain JDBC: H2's own write delay would hold it in memory for up to 0.5 s.
 * (CrashRecoveryTest kills a real service after its answers; this looks at the H2 store right after each write.)
 */
class H2CheckpointedCommitsTest {

    @TempDir
    Path dir;

    @Test
    void everyKindOfWriteIsStoredBeforeItReturns() throws Exception {
        try (Database db = TestDatabase.h2(dir).open()) {
            MVStore store = mvStore(db);

            db.jdbi().useHandle(h -> h.execute("INSERT INTO variable (\"key\", val) VALUES ('auto', '1')"));
            assertThat(store.hasUnsavedChanges()).as("after an auto-commit insert").isFalse();

            db.jdbi().useTransaction(h -> {
                h.execute("INSERT INTO variable (\"key\", val) VALUES ('tx', '1')");
                h.execute("UPDATE variable SET val = '2' WHERE \"key\" = 'auto'");
            });
            assertThat(store.hasUnsavedChanges()).as("after a transaction").isFalse();

            try (Connection connection = db.dataSource().getConnection()) {
                connection.setAutoCommit(false);
                connection.prepareStatement("DELETE FROM variable WHERE \"key\" = 'tx'").executeUpdate();
                connection.setAutoCommit(true); // commits (JDBC)
            }
            assertThat(store.hasUnsavedChanges()).as("after setAutoCommit(true) ended a transaction").isFalse();

            List<String> variables = db.jdbi().withHandle(h -> h.createQuery(
                    "SELECT \"key\" || '=' || val FROM variable").mapTo(String.class).list());
            assertThat(variables).containsExactly("auto=2");
        }
    }

    private static MVStore mvStore(Database db) throws Exception {
        try (Connection connection = db.dataSource().getConnection()) {
            SessionLocal session = (SessionLocal) connection.unwrap(JdbcConnection.class).getSession();
            return session.getDatabase().getStore().getMvStore();
        }
    }
}
