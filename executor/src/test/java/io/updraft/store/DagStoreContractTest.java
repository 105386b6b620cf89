package io.updraft.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.updraft.SettableClock;
import io.updraft.dag.DagRecord;
import io.updraft.dag.DagStore;
import io.updraft.dag.DagVersion;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link DagStore} must do. */
abstract class DagStoreContractTest extends StoreTestSupport {

    private static final Instant NOW = Instant.parse("2024-05-01T12:00:00.123456Z");

    private DagStore store;

    @BeforeEach
    void createStore() {
        store = new JdbiDagStore(db, new SettableClock(NOW));
    }

    private static DagRecord aDag(String dagId, boolean paused) {
        return new DagRecord(dagId, "/dags/" + dagId + ".yaml", dagId.toUpperCase(), "does things", paused, false,
                "airflow,data", List.of("etl", "daily"), "0 0 * * *", 16, 32, false, NOW,
                Instant.parse("2024-05-02T00:00:00Z"), Instant.parse("2024-05-01T00:00:00Z"),
                Instant.parse("2024-05-02T00:00:00Z"), Instant.parse("2024-05-02T00:00:00Z"), "hash-1");
    }

    @Test
    void everyFieldRoundTrips() {
        DagRecord dag = aDag("etl", true);

        store.upsert(dag);

        assertThat(store.find("etl")).contains(dag);
    }

    @Test
    void deleteRemovesTheDagAndItsVersionsOnly() {
        store.upsert(aDag("etl", false));
        store.upsert(aDag("other", false));
        store.recordVersion("etl", "hash-1", "source", "/dags/etl.yaml");
        store.recordVersion("other", "hash-1", "source", "/dags/other.yaml");

        assertThat(store.delete("etl")).isTrue();

        assertThat(store.find("etl")).isEmpty();
        assertThat(store.versions("etl")).isEmpty();
        assertThat(store.find("other")).isPresent();
        assertThat(store.versions("other")).hasSize(1);
        assertThat(store.delete("etl")).isFalse();
    }

    @Test
    void syncLoadedWritesNewAndChangedDagsAndVersionsAndMarksTheRestStale() {
        DagRecord etl = aDag("etl", true);
        DagRecord other = aDag("other", false);
        assertThat(store.syncLoaded(List.of(new DagStore.LoadedDag(etl, "etl v1"),
                new DagStore.LoadedDag(other, "other v1")), NOW)).isEqualTo(2);
        store.setPaused("etl", false);

        // a second load: etl unchanged, other changed, gone missing
        Instant later = NOW.plusSeconds(30);
        DagRecord otherChanged = new DagRecord("other", "/dags/other.yaml", "OTHER", "changed", true, false,
                "airflow", List.of(), "@hourly", 16, 32, false, later, null, null, null, null, "hash-2");
        int written = store.syncLoaded(List.of(new DagStore.LoadedDag(aDag("etl", true), "etl v1"),
                new DagStore.LoadedDag(otherChanged, "other v2")), later);

        assertThat(written).isEqualTo(1);
        DagRecord storedEtl = store.find("etl").orElseThrow();
        assertThat(storedEtl.isPaused()).as("a reload never pauses or unpauses").isFalse();
        assertThat(storedEtl.lastParsedTime()).isEqualTo(later);
        assertThat(storedEtl.nextDagrun()).as("an unchanged DAG keeps its scheduling bookmark")
                .isEqualTo(etl.nextDagrun());
        assertThat(store.versions("etl")).extracting(DagVersion::versionNumber, DagVersion::sourceCode)
                .containsExactly(tuple(1, "etl v1"));
        assertThat(store.find("other").orElseThrow().description()).isEqualTo("changed");
        assertThat(store.versions("other")).extracting(DagVersion::versionNumber, DagVersion::sourceCode)
                .containsExactly(tuple(1, "other v1"), tuple(2, "other v2"));

        store.syncLoaded(List.of(new DagStore.LoadedDag(otherChanged, "other v2")), later.plusSeconds(30));

        assertThat(store.find("etl").orElseThrow().isStale()).isTrue();
        assertThat(store.find("other").orElseThrow().isStale()).isFalse();
        assertThat(store.versions("other")).hasSize(2);
    }

    @Test
    void nullsRoundTrip() {
        DagRecord bare = new DagRecord("bare", null, null, null, false, false, null, List.of(), null, null, null,
                false, null, null, null, null, null, null);

        store.upsert(bare);

        assertThat(store.find("bare")).contains(bare);
    }

    @Test
    void upsertUpdatesButKeepsIsPaused() {
        store.upsert(aDag("etl", false));
        store.setPaused("etl", true);

        DagRecord reloaded = new DagRecord("etl", "/dags/moved.yaml", "ETL", "new", false, false, "bob",
                List.of("new"), "@hourly", 1, 2, true, NOW.plusSeconds(60), null, null, null, null, "hash-2");
        store.upsert(reloaded);

        DagRecord stored = store.find("etl").orElseThrow();
        assertThat(stored.isPaused()).isTrue();
        assertThat(stored.fileloc()).isEqualTo("/dags/moved.yaml");
        assertThat(stored.tags()).containsExactly("new");
        assertThat(stored.nextDagrun()).isNull();
        assertThat(stored.latestVersionHash()).isEqualTo("hash-2");
    }

    @Test
    void setPausedReportsUnknownDags() {
        store.upsert(aDag("etl", true));

        assertThat(store.setPaused("etl", false)).isTrue();
        assertThat(store.find("etl").orElseThrow().isPaused()).isFalse();
        assertThat(store.setPaused("missing", true)).isFalse();
    }

    @Test
    void versionsAreNumberedPerDagAndReusedForAKnownHash() {
        assertThat(store.recordVersion("etl", "h1", "src 1", "/dags/etl.yaml")).isEqualTo(1);
        assertThat(store.recordVersion("etl", "h1", "src 1", "/dags/etl.yaml")).isEqualTo(1);
        assertThat(store.recordVersion("etl", "h2", "src 2", "/dags/etl.yaml")).isEqualTo(2);
        assertThat(store.recordVersion("other", "h2", "src 2", "/dags/other.yaml")).isEqualTo(1);
        assertThat(store.recordVersion("etl", "h1", "src 1", "/dags/etl.yaml")).isEqualTo(1);

        assertThat(store.versions("etl")).extracting(DagVersion::versionNumber, DagVersion::versionHash,
                        DagVersion::sourceCode)
                .containsExactly(tuple(1, "h1", "src 1"),
                        tuple(2, "h2", "src 2"));
        assertThat(store.versions("etl").get(0).createdAt()).isEqualTo(NOW);
    }

    @Test
    void dagsMissingFromTheLoadBecomeStale() {
        store.upsert(aDag("a", false));
        store.upsert(aDag("b", false));
        store.upsert(aDag("c", false));

        assertThat(store.markStaleExcept(Set.of("b"))).isEqualTo(2);
        assertThat(store.markStaleExcept(Set.of("b"))).isZero();

        assertThat(store.list(10, 0)).extracting(DagRecord::dagId, DagRecord::isStale)
                .containsExactly(tuple("a", true),
                        tuple("b", false),
                        tuple("c", true));
        store.upsert(aDag("a", false));
        assertThat(store.find("a").orElseThrow().isStale()).isFalse();
        assertThat(store.markStaleExcept(Set.of())).isEqualTo(2);
    }

    @Test
    void listIsOrderedByDagIdAndPaged() {
        store.upsert(aDag("c", false));
        store.upsert(aDag("a", false));
        store.upsert(aDag("b", false));

        assertThat(store.list(2, 1)).extracting(DagRecord::dagId).containsExactly("b", "c");
        assertThat(store.count()).isEqualTo(3);
    }
}
