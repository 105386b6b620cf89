package io.updraft.store;

import io.updraft.run.RunChanges;
import org.jdbi.v3.core.Handle;

/**
 * Writes that must commit with the engine's changes or not at all (asset events on a task's success): called by
 * {@link JdbiRunStore#apply} inside its transaction, after the changes are written.
 */
@FunctionalInterface
public interface CommitHook {

    CommitHook NONE = (handle, changes) -> null;

    /**
     * @return what to do once the transaction has committed (told on the committing thread; it must not block), or
     *     null for nothing
     */
    Runnable inTransaction(Handle handle, RunChanges changes);
}
