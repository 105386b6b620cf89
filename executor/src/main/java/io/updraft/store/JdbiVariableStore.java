package io.updraft.store;

import io.updraft.config.Variable;
import io.updraft.config.VariableStore;
import java.util.List;
import org.jdbi.v3.core.statement.Update;

/** {@link VariableStore} on Jdbi. Thread-safe. */
public final class JdbiVariableStore extends JdbiKeyedStore<Variable> implements VariableStore {

    public JdbiVariableStore(Database database) {
        super(database, "variable", List.of("\"key\"", "val", "description"), "\"key\"",
                (rs, ctx) -> new Variable(rs.getString("key"), rs.getString("val"), rs.getString("description")));
    }

    @Override
    Update bind(Update update, Variable variable) {
        return update.bind("key", variable.key())
                .bind("val", variable.value())
                .bind("description", variable.description());
    }
}
