package io.updraft.store;

import static io.updraft.store.ModelVersionRows.aliasVersion;
import static io.updraft.store.ModelVersionRows.one;

import io.updraft.api.model.AliasChange;
import io.updraft.api.model.ModelVersion;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The registry's alias moves ({@code ml_model_alias}, recorded in {@code ml_alias_event}): set, promote, roll back,
 * with the version statuses that follow the champion. Promotions and rollbacks of one model are serialised by its
 * row lock.
 */
final class ModelAliases {

    private final Jdbi jdbi;
    private final Clock clock;
    /** Told the model name after its champion moved. */
    private final Consumer<String> championChanged;

    ModelAliases(Jdbi jdbi, Clock clock, Consumer<String> championChanged) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.championChanged = championChanged;
    }

    void setAlias(String name, String alias, int version, String actor) {
        if (ModelVersion.CHAMPION.equals(alias)) {
            throw new IllegalArgumentException("the champion alias moves only by promote or rollback");
        }
        jdbi.useTransaction(h -> {
            requireVersion(h, name, version);
            moveAlias(h, name, alias, version, "set", actor);
        });
    }

    ModelVersion promote(String name, int version, String actor) {
        ModelVersion promoted = jdbi.inTransaction(h -> {
            lockModel(h, name);
            requireVersion(h, name, version);
            if (aliasVersion(h, name, ModelVersion.CHAMPION).orElse(-1) == version) {
                return one(h, name, version).orElseThrow(); // already champion: nothing to undo later
            }
            Integer previous = moveAlias(h, name, ModelVersion.CHAMPION, version, "promote", actor);
            setStatuses(h, name, version, previous);
            return one(h, name, version).orElseThrow();
        });
        championChanged.accept(name);
        return promoted;
    }

    ModelVersion rollback(String name, String actor) {
        ModelVersion restored = jdbi.inTransaction(h -> {
            lockModel(h, name);
            Rollback rollback = rollbackOf(h, name);
            moveAlias(h, name, ModelVersion.CHAMPION, rollback.to(), "rollback", actor);
            setStatuses(h, name, rollback.to(), rollback.from());
            return one(h, name, rollback.to()).orElseThrow();
        });
        championChanged.accept(name);
        return restored;
    }

    /**
     * The version {@link #rollback} would make champion now.
     *
     * @throws NoSuchElementException when there is no champion
     * @throws IllegalStateException when the champion had no predecessor
     */
    ModelVersion rollbackTarget(String name) {
        return jdbi.withHandle(h -> one(h, name, rollbackOf(h, name).to()).orElseThrow());
    }

    /** A rollback's move of the champion alias: from the current champion to the one its promotion replaced. */
    private record Rollback(int from, int to) {
    }

    private static Rollback rollbackOf(Handle h, String name) {
        int current = aliasVersion(h, name, ModelVersion.CHAMPION).orElseThrow(() -> new NoSuchElementException(
                "model '" + name + "' has no champion to roll back"));
        Integer target = previousChampion(h, name, current);
        if (target == null) {
            throw new IllegalStateException("model '" + name + "': champion version " + current
                    + " had no previous champion to roll back to");
        }
        return new Rollback(current, target);
    }

    private static Integer previousChampion(Handle h, String name, int current) {
        return h.createQuery("""
                        SELECT previous_version FROM ml_alias_event
                        WHERE name = :name AND alias = :alias AND action = 'promote' AND version = :version
                        ORDER BY id DESC""")
                .bind("name", name).bind("alias", ModelVersion.CHAMPION).bind("version", current)
                .map((rs, ctx) -> java.util.Optional.ofNullable(rs.getObject("previous_version", Integer.class)))
                .findFirst().flatMap(previous -> previous).orElse(null);
    }

    /** Serialises promotions and rollbacks of one model. */
    private static void lockModel(Handle h, String name) {
        h.createQuery("SELECT name FROM ml_model WHERE name = :name FOR UPDATE").bind("name", name)
                .mapTo(String.class).findOne().orElseThrow(() -> new NoSuchElementException("no model '" + name
                        + "'"));
    }

    private static void setStatuses(Handle h, String name, int champion, Integer former) {
        if (former != null && former != champion) {
            h.createUpdate("UPDATE ml_model_version SET status = :status WHERE name = :name AND version = :version")
                    .bind("status", ModelVersion.ARCHIVED).bind("name", name).bind("version", former).execute();
        }
        h.createUpdate("UPDATE ml_model_version SET status = :status WHERE name = :name AND version = :version")
                .bind("status", ModelVersion.PRODUCTION).bind("name", name).bind("version", champion).execute();
    }

    /** @return the version the alias pointed at before, or null */
    private Integer moveAlias(Handle h, String name, String alias, int version, String action, String actor) {
        Instant now = clock.instant();
        Integer previous = aliasVersion(h, name, alias).orElse(null);
        if (previous == null) {
            h.createUpdate("INSERT INTO ml_model_alias (name, alias, version, updated_at) "
                            + "VALUES (:name, :alias, :version, :now)")
                    .bind("name", name).bind("alias", alias).bind("version", version).bind("now", now).execute();
        } else {
            h.createUpdate("UPDATE ml_model_alias SET version = :version, updated_at = :now "
                            + "WHERE name = :name AND alias = :alias")
                    .bind("name", name).bind("alias", alias).bind("version", version).bind("now", now).execute();
        }
        h.createUpdate("""
                        INSERT INTO ml_alias_event (name, alias, version, previous_version, action, actor, changed_at)
                        VALUES (:name, :alias, :version, :previous, :action, :actor, :now)""")
                .bind("name", name).bind("alias", alias).bind("version", version)
                .bind("previous", previous).bind("action", action).bind("actor", actor).bind("now", now)
                .execute();
        return previous;
    }

    private static void requireVersion(Handle h, String name, int version) {
        boolean exists = h.createQuery("SELECT COUNT(*) FROM ml_model_version WHERE name = :name "
                        + "AND version = :version")
                .bind("name", name).bind("version", version).mapTo(Integer.class).one() > 0;
        if (!exists) {
            throw new NoSuchElementException("model '" + name + "' has no version " + version);
        }
    }

    List<AliasChange> aliasHistory(String name) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT name, alias, version, previous_version, action, actor, changed_at FROM ml_alias_event
                        WHERE name = :name ORDER BY id DESC""")
                .bind("name", name)
                .map((rs, ctx) -> new AliasChange(rs.getString("name"), rs.getString("alias"), rs.getInt("version"),
                        rs.getObject("previous_version", Integer.class), rs.getString("action"),
                        rs.getString("actor"), Columns.instant(rs, "changed_at")))
                .list());
    }
}
