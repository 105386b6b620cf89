package io.updraft.plugins.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.api.DagTriggers;
import io.updraft.api.model.ModelRegistry;
import io.updraft.api.model.MonitoringResult;
import io.updraft.api.model.PredictionRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MonitorPredictionsTest {

    private static final Instant END = Instant.parse("2024-06-01T12:00:00Z");
    private static final MonitorPredictionsProvider.Settings DEFAULTS = MonitorPredictionsProvider.settings(
            MlArgs.atRun("test", Map.of()), false);

    /** {@code n} predictions of {@code version} spread over the hour before {@code end}, a share {@code ratio} positive. */
    private static List<PredictionRecord> predictions(Instant end, Duration span, int n, double ratio, int version,
            long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<PredictionRecord> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean positive = i < Math.round(ratio * n);
            double score = positive ? 0.5 + 0.5 * random.nextDouble() : 0.5 * random.nextDouble();
            Instant time = end.minusMillis(1 + (long) (random.nextDouble() * (span.toMillis() - 1)));
            out.add(new PredictionRecord(time, "phishing_url", version, score, positive ? 1 : 0));
        }
        return out;
    }

    @Test
    void aStableRatioIsOkAndAMovedOneIsAnAlert() {
        List<PredictionRecord> reference = predictions(END.minusSeconds(3600), Duration.ofHours(24), 2000, 0.3, 1, 1);
        Map<String, Object> stable = MonitorPredictionsProvider.analyse(DEFAULTS,
                predictions(END, Duration.ofHours(1), 1000, 0.3, 1, 2), reference);
        Map<String, Object> moved = MonitorPredictionsProvider.analyse(DEFAULTS,
                predictions(END, Duration.ofHours(1), 1000, 0.45, 1, 3), reference);

        assertThat(stable.get("state")).as(stable.toString()).isEqualTo("ok");
        assertThat(moved.get("state")).as(moved.toString()).isEqualTo("alert");
        assertThat((List<?>) moved.get("reasons")).anySatisfy(r -> assertThat(r.toString())
                .contains("ratio moved from 0.3000 to 0.4500"));
        assertThat((Double) ((Map<?, ?>) moved.get("two_proportion_z")).get("p_value")).isLessThan(1e-6);
        assertThat((Double) moved.get("psi")).isGreaterThan(0.01);
    }

    @Test
    void versionsThatDisagreeAreAWarningAndEachVersionHasItsRatio() {
        List<PredictionRecord> reference = predictions(END.minusSeconds(3600), Duration.ofHours(24), 2000, 0.3, 1, 1);
        List<PredictionRecord> current = new ArrayList<>(predictions(END, Duration.ofHours(1), 500, 0.24, 1, 4));
        current.addAll(predictions(END, Duration.ofHours(1), 500, 0.36, 2, 5));

        Map<String, Object> result = MonitorPredictionsProvider.analyse(DEFAULTS, current, reference);

        assertThat(result.get("state")).as(result.toString()).isEqualTo("warn");
        Map<?, ?> byVersion = (Map<?, ?>) result.get("by_version");
        assertThat(((Map<?, ?>) byVersion.get("1")).get("ratio")).isEqualTo(0.24);
        assertThat(((Map<?, ?>) byVersion.get("2")).get("ratio")).isEqualTo(0.36);
        assertThat((List<?>) result.get("reasons")).anySatisfy(r -> assertThat(r.toString())
                .contains("model versions"));
    }

    @Test
    void tooFewPredictionsAreNotJudged() {
        Map<String, Object> result = MonitorPredictionsProvider.analyse(DEFAULTS,
                predictions(END, Duration.ofHours(1), 10, 0.9, 1, 1),
                predictions(END.minusSeconds(3600), Duration.ofHours(24), 2000, 0.1, 1, 2));

        assertThat(result).containsEntry("state", "ok").containsEntry("judged", false);
        assertThat(result.get("reasons").toString()).contains("too few predictions");
    }

    @Test
    void theOperatorReadsTheLogStoresTheResultAndTriggersRetrainingOnAlert(@TempDir Path home) throws Exception {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        registry.logPredictions(predictions(END.minusSeconds(3600), Duration.ofHours(24), 2000, 0.3, 1, 1));
        registry.logPredictions(predictions(END, Duration.ofHours(1), 1000, 0.6, 1, 2));
        registry.logPredictions(predictions(END.plusSeconds(3600), Duration.ofHours(1), 1000, 0.0, 1, 3)); // later
        List<String> triggered = new ArrayList<>();
        DagTriggers triggers = (dagId, conf, note) -> {
            triggered.add(dagId + " " + conf.get("monitoring_id"));
            return "manual__retrain";
        };
        TestTaskContext context = new TestTaskContext(home, "scheduled__2024-06-01T11:00:00+00:00", "monitor",
                TestTaskContext.newRun()).with(ModelRegistry.class, registry).with(DagTriggers.class, triggers);
        context.dataIntervalEnd = java.util.Optional.of(END.atOffset(java.time.ZoneOffset.UTC));
        Map<String, Object> args = Map.of("model_name", "phishing_url", "window", "1h", "reference_window", "24h",
                "retrain_dag_id", "phishing_url_pipeline");
        MonitorPredictionsProvider provider = new MonitorPredictionsProvider();
        provider.validate(MonitorPredictionsProvider.NAME, args);

        @SuppressWarnings("unchecked")
        Map<String, Object> out = (Map<String, Object>) provider.create(MonitorPredictionsProvider.NAME, args)
                .execute(context);

        assertThat(out).containsEntry("state", "alert").containsEntry("retrain_run_id", "manual__retrain");
        assertThat(((Map<?, ?>) out.get("current")).get("n")).isEqualTo(1000);
        assertThat(((Map<?, ?>) out.get("reference")).get("n")).isEqualTo(2000);
        MonitoringResult stored = registry.monitoring.get(0);
        assertThat(stored.state()).isEqualTo("alert");
        assertThat(stored.windowEnd()).isEqualTo(END);
        assertThat(stored.windowStart()).isEqualTo(END.minusSeconds(3600));
        assertThat(triggered).containsExactly("phishing_url_pipeline " + stored.id());
        assertThat(context.logText()).contains("state ALERT", "version 1 in the window", "PSI");
    }

    @Test
    void argumentsAreCheckedAtLoad() {
        MonitorPredictionsProvider provider = new MonitorPredictionsProvider();
        assertThatThrownBy(() -> provider.validate(MonitorPredictionsProvider.NAME, Map.of("window", "soon")))
                .hasMessageContaining("'window'");
        assertThatThrownBy(() -> provider.validate(MonitorPredictionsProvider.NAME, Map.of("warn_psi", 0.3,
                "alert_psi", 0.2))).hasMessageContaining("'alert_psi'");
        assertThatThrownBy(() -> provider.validate(MonitorPredictionsProvider.NAME, Map.of("threshold", 1)))
                .hasMessageContaining("unknown argument 'threshold'");
        assertThat(MonitorPredictionsProvider.parseDuration("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(MonitorPredictionsProvider.parseDuration("PT2H")).isEqualTo(Duration.ofHours(2));
        assertThat(MonitorPredictionsProvider.parseDuration(120)).isEqualTo(Duration.ofMinutes(2));
    }
}
