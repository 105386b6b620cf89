package io.updraft.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.api.model.Lineage;
import io.updraft.api.model.ModelVersion;
import io.updraft.api.model.MonitoringResult;
import io.updraft.api.model.NewModelVersion;
import io.updraft.api.model.PredictionRecord;
import io.updraft.store.Database;
import io.updraft.store.JdbiModelRegistry;
import io.updraft.store.TestDatabase;
import io.updraft.api.model.ArtifactDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the store's model registry must do, on H2 and PostgreSQL. */
abstract class ModelRegistryContractTest {

    @org.junit.jupiter.api.io.TempDir
    Path files;

    private TestDatabase testDatabase;
    private Database db;
    private ModelStore registry;

    protected abstract TestDatabase newTestDatabase();

    @BeforeEach
    void open() {
        testDatabase = newTestDatabase();
        db = testDatabase.open();
        registry = new JdbiModelRegistry(db, files.resolve("registry"));
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
        if (testDatabase != null) {
            testDatabase.close();
        }
    }

    /** A model folder as a training task leaves it. */
    private Path modelFolder(String run) {
        try {
            Path folder = Files.createDirectories(files.resolve("models").resolve(run));
            Files.writeString(folder.resolve("model.tribuo"), "model of " + run);
            Files.writeString(folder.resolve("provenance.json"), "{\"run\": \"" + run + "\"}");
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private NewModelVersion version(String name, String data, String run, boolean rejected) {
        return new NewModelVersion(name, "tribuo-url", modelFolder(run).toString(), "xgboost",
                Map.of("auc", 0.98, "accuracy", 0.93, "nan", Double.NaN),
                Map.of("decision", rejected ? "reject" : "promote", "mcnemar", Map.of("p_value", 0.4)),
                new Lineage(data, "phishing_url_pipeline", "dagv-" + run, run, "train_xgboost", "ml-sha256:abc"),
                "{\"class-name\": \"org.tribuo.Model\"}", rejected);
    }

    @Test
    void versionsAreNumberedPerModelAndKeepTheirLineage() {
        ModelVersion first = registry.register(version("phishing_url", "sha-a", "run1", false));
        ModelVersion second = registry.register(version("phishing_url", "sha-b", "run2", true));
        registry.register(version("other", "sha-c", "run3", false));

        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.status()).isEqualTo(ModelVersion.REJECTED);
        assertThat(first.status()).isEqualTo(ModelVersion.CANDIDATE);
        assertThat(registry.modelNames()).containsExactly("other", "phishing_url");
        ModelVersion read = registry.version("phishing_url", 2).orElseThrow();
        assertThat(read.lineage()).isEqualTo(new Lineage("sha-b", "phishing_url_pipeline", "dagv-run2", "run2",
                "train_xgboost", "ml-sha256:abc"));
        assertThat(read.metrics()).containsEntry("auc", 0.98).containsEntry("nan", null);
        assertThat(read.validation()).containsEntry("decision", "reject");
        assertThat(read.provenanceJson()).contains("org.tribuo.Model");
        assertThat(read.createdAt()).isNotNull();
        assertThat(registry.versions("phishing_url")).extracting(ModelVersion::version).containsExactly(1, 2);
        assertThat(registry.versions("missing")).isEmpty();
        assertThatThrownBy(() -> registry.register(version("bad name", "x", "r", false)))
                .hasMessageContaining("model name");
    }

    @Test
    void registrationCopiesTheArtifactIntoContentAddressedStorageWithItsDigest() throws Exception {
        Path source = modelFolder("run1");
        ModelVersion v = registry.register(new NewModelVersion("m", "tribuo-url", source.toString(), "xgboost",
                Map.of(), Map.of(), new Lineage("sha-a", "d", "dv", "run1", "t", "code", "features-sha"), null,
                false));

        Path copy = Path.of(v.artifactPath());
        assertThat(v.artifactSha256()).matches("[0-9a-f]{64}").isEqualTo(ArtifactDigest.of(source));
        assertThat(copy).isEqualTo(files.resolve("registry/m/" + v.artifactSha256()).toAbsolutePath());
        assertThat(copy.resolve("model.tribuo")).hasContent("model of run1");
        assertThat(copy.resolve("provenance.json")).exists();
        assertThat(copy.resolve(ArtifactDigest.MANIFEST)).content().contains("  model.tribuo\n",
                "  provenance.json\n");
        assertThat(v.sourcePath()).isEqualTo(source.toAbsolutePath().toString());
        assertThat(v.lineage().featuresSha256()).isEqualTo("features-sha");
        ModelVersion read = registry.version("m", 1).orElseThrow();
        assertThat(read.artifactSha256()).isEqualTo(v.artifactSha256());
        assertThat(read.artifactPath()).isEqualTo(v.artifactPath());

        // the source may go: the copy is the registry's; the same content again is stored once
        Files.delete(source.resolve("model.tribuo"));
        Files.delete(source.resolve("provenance.json"));
        ArtifactDigest.verify(copy, read.artifactSha256());
        ModelVersion same = registry.register(version("m", "sha-a", "run1", false));
        assertThat(same.artifactPath()).isEqualTo(v.artifactPath());

        // a changed copy is caught, naming the file
        Files.writeString(copy.resolve("model.tribuo"), "tampered");
        assertThatThrownBy(() -> ArtifactDigest.verify(copy, read.artifactSha256()))
                .isInstanceOf(ArtifactDigest.MismatchException.class)
                .hasMessageContaining(read.artifactSha256()).hasMessageContaining("model.tribuo changed");

        // a missing artifact is refused and nothing is stored
        assertThatThrownBy(() -> registry.register(new NewModelVersion("m", "tribuo-url",
                files.resolve("nowhere").toString(), "xgboost", Map.of(), Map.of(), null, null, false)))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("nowhere");
        assertThat(registry.versions("m")).hasSize(2);
    }

    @Test
    void concurrentRegistrationsGetDistinctNumbers() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<ModelVersion>> futures = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                int run = i;
                futures.add(pool.submit(() -> registry.register(version("m", "sha", "run" + run, false))));
            }
            List<Integer> numbers = new ArrayList<>();
            for (Future<ModelVersion> f : futures) {
                numbers.add(f.get().version());
            }
            assertThat(numbers).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void promoteArchivesTheFormerChampionAndRollbackWalksBack() {
        for (int i = 1; i <= 3; i++) {
            registry.register(version("m", "sha" + i, "run" + i, false));
        }
        List<String> notified = new ArrayList<>();
        registry.onChampionChange(notified::add);
        registry.setAlias("m", ModelVersion.CHALLENGER, 3, "tester");

        registry.promote("m", 1, "alice");
        registry.promote("m", 2, "alice");
        registry.promote("m", 3, "bob");
        registry.promote("m", 3, "bob"); // already champion: nothing to undo later

        assertThat(registry.alias("m", ModelVersion.CHAMPION).orElseThrow().version()).isEqualTo(3);
        assertThat(registry.version("m", 3).orElseThrow().aliases()).containsExactly("challenger", "champion");
        assertThat(registry.versions("m")).extracting(ModelVersion::status).containsExactly(ModelVersion.ARCHIVED,
                ModelVersion.ARCHIVED, ModelVersion.PRODUCTION);
        assertThat(registry.rollbackTarget("m").version()).isEqualTo(2);

        assertThat(registry.rollback("m", "carol").version()).isEqualTo(2);
        assertThat(registry.rollback("m", "carol").version()).isEqualTo(1);
        assertThatThrownBy(() -> registry.rollback("m", "carol")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no previous champion");
        assertThat(registry.versions("m")).extracting(ModelVersion::status).containsExactly(ModelVersion.PRODUCTION,
                ModelVersion.ARCHIVED, ModelVersion.ARCHIVED);
        assertThat(registry.aliasHistory("m")).extracting(c -> c.action() + ":" + c.version() + "<-"
                + c.previousVersion()).containsExactly("rollback:1<-2", "rollback:2<-3", "promote:3<-2",
                "promote:2<-1", "promote:1<-null", "set:3<-null");
        assertThat(registry.aliasHistory("m").get(0).actor()).isEqualTo("carol");
        assertThat(notified).containsExactly("m", "m", "m", "m", "m", "m");
        assertThatThrownBy(() -> registry.promote("m", 9, "x")).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> registry.rollback("none", "x")).isInstanceOf(NoSuchElementException.class);
        assertThatThrownBy(() -> registry.setAlias("m", ModelVersion.CHAMPION, 1, "x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void predictionsAreReadBackByModelAndTimeRange() {
        Instant t0 = Instant.parse("2024-06-01T10:00:00Z");
        List<PredictionRecord> log = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            log.add(new PredictionRecord(t0.plusSeconds(60L * i), "m", i < 50 ? 1 : 2, i / 100.0, i % 3 == 0 ? 1 : 0));
        }
        log.add(new PredictionRecord(t0, "other", 1, 0.9, 1));
        registry.logPredictions(log);

        List<PredictionRecord> hour = registry.predictions("m", t0, t0.plusSeconds(3600));
        assertThat(hour).hasSize(60);
        assertThat(hour.get(0)).isEqualTo(log.get(0));
        assertThat(hour.get(59).time()).isEqualTo(t0.plusSeconds(59 * 60));
        assertThat(registry.predictions("m", t0.plusSeconds(3600), t0.plusSeconds(7200))).hasSize(40)
                .allSatisfy(p -> assertThat(p.modelVersion()).isIn(1, 2));
    }

    @Test
    void monitoringResultsAreStoredNewestFirst() {
        Instant t0 = Instant.parse("2024-06-01T10:00:00Z");
        MonitoringResult first = registry.recordMonitoring(new MonitoringResult(0, "m", t0, t0.minusSeconds(3600), t0,
                MonitoringResult.OK, Map.of("psi", 0.01, "reasons", List.of("stable")), "phishing_monitoring", "r1"));
        registry.recordMonitoring(new MonitoringResult(0, "m", t0.plusSeconds(3600), t0, t0.plusSeconds(3600),
                MonitoringResult.ALERT, Map.of("psi", 0.4), "phishing_monitoring", "r2"));
        registry.recordMonitoring(new MonitoringResult(0, "m", t0.minusSeconds(3600), t0.minusSeconds(7200),
                t0.minusSeconds(3600), MonitoringResult.INSUFFICIENT_DATA, Map.of(), "phishing_monitoring", "r0"));

        assertThat(first.id()).isPositive();
        List<MonitoringResult> results = registry.monitoring("m", 10);
        assertThat(results).extracting(MonitoringResult::state).containsExactly("alert", "ok", "insufficient_data");
        assertThat(results.get(1).statistics()).containsEntry("reasons", List.of("stable"));
        assertThat(results.get(1).windowStart()).isEqualTo(t0.minusSeconds(3600));
        assertThat(registry.monitoring("m", 1)).hasSize(1);
    }

    /** A clock the test moves. */
    private static final class TestClock extends java.time.Clock {
        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void retentionPrunesOnlyRetiredCopiesThatServedNothingLately() {
        Instant t0 = Instant.parse("2024-06-01T00:00:00Z");
        TestClock clock = new TestClock(t0);
        ModelStore timed = new JdbiModelRegistry(db, files.resolve("timed"), clock);
        timed.register(version("r", "d1", "a", false)); // 1: champion, then archived
        timed.register(version("r", "d2", "b", false)); // 2: champion, then archived, served on day 20
        timed.register(version("r", "d3", "c", false)); // 3: champion
        timed.register(version("r", "d4", "d", false)); // 4: a candidate never promoted
        timed.register(version("r", "d5", "e", true));  // 5: rejected by the gate
        timed.register(version("r", "d1", "a", false)); // 6: the same files as 1: the same copy
        timed.register(version("r", "d7", "f", true));  // 7: rejected, but the challenger alias points at it
        timed.setAlias("r", ModelVersion.CHALLENGER, 7, "tester");
        timed.promote("r", 1, "alice");
        timed.promote("r", 2, "alice");
        clock.now = t0.plus(java.time.Duration.ofDays(2));
        timed.promote("r", 3, "alice"); // 2 leaves service on day 2
        timed.logPredictions(List.of(new PredictionRecord(t0.plus(java.time.Duration.ofDays(20)), "r", 2, 0.3, 0)));
        java.util.function.IntFunction<Path> copy = v -> Path.of(timed.version("r", v).orElseThrow().artifactPath());

        clock.now = t0.plus(java.time.Duration.ofDays(31));
        assertThat(timed.pruneArtifacts("r", java.time.Duration.ofDays(30))).containsExactly(5);
        assertThat(copy.apply(5)).doesNotExist();
        assertThat(timed.version("r", 5).orElseThrow().artifactPrunedAt()).isEqualTo(clock.now);
        for (int kept : new int[] {1, 2, 3, 4, 6, 7}) {
            assertThat(copy.apply(kept)).as("version " + kept).exists();
            assertThat(timed.version("r", kept).orElseThrow().artifactPrunedAt()).isNull();
        }
        assertThat(timed.pruneArtifacts("r", java.time.Duration.ofDays(30))).isEmpty(); // nothing new

        clock.now = t0.plus(java.time.Duration.ofDays(51)); // version 2's last prediction is 31 days old
        assertThat(timed.pruneArtifacts("r", java.time.Duration.ofDays(30))).containsExactly(2);
        assertThat(copy.apply(1)).exists(); // shared with version 6, a candidate
        assertThat(copy.apply(3)).exists();
        assertThat(timed.versions("r")).hasSize(7); // pruned versions stay listed
        assertThatThrownBy(() -> timed.pruneArtifacts("r", java.time.Duration.ofDays(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePredictionLogIsPagedAndTakesLateLabelsAllOrNone() {
        Instant t0 = Instant.parse("2024-06-01T10:00:00Z");
        List<PredictionRecord> log = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            log.add(new PredictionRecord(t0.plusSeconds(i), "m", i < 10 ? 1 : 2, i / 30.0, i % 2, "id-" + i,
                    "sha-" + i, i == 0 ? "http://example.com/" : null, null));
        }
        registry.logPredictions(log);

        PredictionAudit.Page first = registry.predictionPage("m", null, 10, 0);
        assertThat(first.total()).isEqualTo(30);
        assertThat(first.predictions()).extracting(PredictionRecord::predictionId).startsWith("id-29", "id-28")
                .hasSize(10);
        assertThat(registry.predictionPage("m", null, 10, 25).predictions()).extracting(
                PredictionRecord::predictionId).containsExactly("id-4", "id-3", "id-2", "id-1", "id-0");
        PredictionAudit.Page v1 = registry.predictionPage("m", 1, 100, 0);
        assertThat(v1.total()).isEqualTo(10);
        assertThat(v1.predictions().get(9)).isEqualTo(log.get(0));

        assertThat(registry.feedback("m", Map.of("id-3", 1, "nope", 0))).containsExactly("nope");
        assertThat(registry.predictions("m", t0, t0.plusSeconds(60))).allSatisfy(p -> assertThat(p.trueLabel())
                .isNull());
        assertThat(registry.feedback("other", Map.of("id-3", 1))).containsExactly("id-3"); // another model's id
        assertThat(registry.feedback("m", Map.of("id-3", 1, "id-4", 1))).isEmpty();
        assertThat(registry.feedback("m", Map.of("id-4", 0))).isEmpty(); // corrected later
        List<PredictionRecord> labelled = registry.predictions("m", t0, t0.plusSeconds(60));
        assertThat(labelled.get(3).trueLabel()).isEqualTo(1);
        assertThat(labelled.get(4).trueLabel()).isEqualTo(0);
        assertThat(labelled.get(5).trueLabel()).isNull();
    }
}
