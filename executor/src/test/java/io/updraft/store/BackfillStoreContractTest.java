package io.updraft.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.schedule.BackfillRecord;
import io.updraft.schedule.BackfillStore;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link BackfillStore} must do. */
abstract class BackfillStoreContractTest extends StoreTestSupport {

    private static final Instant CREATED = Instant.parse("2024-05-01T10:00:00.123456Z");

    private BackfillStore store;

    @BeforeEach
    void createStore() {
        store = new JdbiBackfillStore(db);
    }

    private static BackfillRecord backfill(String dagId) {
        return new BackfillRecord(0, dagId, Instant.parse("2024-01-01T00:00:00Z"),
                Instant.parse("2024-01-03T00:00:00Z"), true, Map.of("source", "test"), "failed", 3, false, CREATED,
                null, CREATED);
    }

    @Test
    void createdBackfillsReadBackWithEveryFieldAndAreListedPerDag() {
        BackfillRecord first = store.create(backfill("a"));
        BackfillRecord second = store.create(backfill("b"));

        assertThat(first.id()).isPositive();
        assertThat(first).usingRecursiveComparison().ignoringFields("id").isEqualTo(backfill("a"));
        assertThat(store.list("a")).containsExactly(first);
        assertThat(store.list(null)).containsExactly(first, second);
    }

    @Test
    void completionIsRecorded() {
        BackfillRecord created = store.create(backfill("a"));
        Instant done = CREATED.plusSeconds(30);

        store.markCompleted(created.id(), done);

        assertThat(store.find(created.id()).orElseThrow().completedAt()).isEqualTo(done);
        assertThat(store.find(created.id() + 1000)).isEmpty();
    }

    @Test
    void completionIsRecordedOnce() {
        BackfillRecord created = store.create(backfill("a"));

        store.markCompleted(created.id(), CREATED.plusSeconds(30));
        store.markCompleted(created.id(), CREATED.plusSeconds(60));

        assertThat(store.find(created.id()).orElseThrow().completedAt()).isEqualTo(CREATED.plusSeconds(30));
    }

    @Test
    void pausingIsRecordedWithItsTime() {
        BackfillRecord created = store.create(backfill("a"));

        store.setPaused(created.id(), true, CREATED.plusSeconds(5));

        BackfillRecord paused = store.find(created.id()).orElseThrow();
        assertThat(paused.isPaused()).isTrue();
        assertThat(paused.updatedAt()).isEqualTo(CREATED.plusSeconds(5));
        store.setPaused(created.id(), false, CREATED.plusSeconds(6));
        assertThat(store.find(created.id()).orElseThrow().isPaused()).isFalse();
    }

    @Test
    void theRunsOfABackfillAreListedInCreationOrderUntilDeleted() {
        BackfillRecord created = store.create(backfill("a"));
        JdbiRunStore runs = new JdbiRunStore(db);
        Instant day = Instant.parse("2024-01-02T00:00:00Z");
        runs.createRun(RunFixtures.aRun("a", "backfill__2", day), java.util.List.of());
        runs.createRun(RunFixtures.aRun("a", "backfill__1", day.minusSeconds(86400)), java.util.List.of());

        store.addRun(created.id(), "a", "backfill__2", day, 1);
        store.addRun(created.id(), "a", "backfill__1", day.minusSeconds(86400), 2);

        assertThat(store.runIds(created.id())).containsExactly("backfill__2", "backfill__1");
        runs.deleteRun("a", "backfill__2");
        assertThat(store.runIds(created.id())).containsExactly("backfill__1");
        assertThat(store.runIds(created.id() + 1000)).isEmpty();
    }

    @Test
    void uncompletedBackfillsAreListedUntilCompleted() {
        BackfillRecord done = store.create(backfill("a"));
        BackfillRecord open = store.create(backfill("b"));
        store.markCompleted(done.id(), CREATED.plusSeconds(1));
        BackfillRecord paused = store.create(backfill("c"));
        store.setPaused(paused.id(), true, CREATED.plusSeconds(2));

        assertThat(store.listUncompleted()).extracting(BackfillRecord::id).containsExactly(open.id(), paused.id());
    }

    @Test
    void theLogicalDatesAndUnfinishedRunsOfABackfillFollowItsRuns() {
        BackfillRecord created = store.create(backfill("a"));
        JdbiRunStore runs = new JdbiRunStore(db);
        Instant day = Instant.parse("2024-01-02T00:00:00Z");
        io.updraft.run.DagRun second = runs.createRun(RunFixtures.aRun("a", "backfill__2", day), java.util.List.of());
        runs.createRun(RunFixtures.aRun("a", "backfill__1", day.minusSeconds(86400)), java.util.List.of());
        runs.createRun(RunFixtures.aRun("a", "other", day.plusSeconds(86400)), java.util.List.of());
        store.addRun(created.id(), "a", "backfill__2", day, 1);
        store.addRun(created.id(), "a", "backfill__1", day.minusSeconds(86400), 2);

        assertThat(store.logicalDates(created.id())).containsExactly(day, day.minusSeconds(86400));
        assertThat(store.unfinishedRuns(created.id())).isEqualTo(2);
        Instant now = CREATED.plusSeconds(9);
        runs.apply(new io.updraft.run.RunChanges().updateRun(io.updraft.run.RunState.QUEUED,
                second.withState(io.updraft.run.RunState.SUCCESS, now, now, now)));
        assertThat(store.unfinishedRuns(created.id())).isEqualTo(1);
        runs.deleteRun("a", "backfill__1");
        assertThat(store.unfinishedRuns(created.id())).isZero();
        assertThat(store.logicalDates(created.id())).containsExactly(day);
        assertThat(store.logicalDates(created.id() + 1000)).isEmpty();
    }
}
