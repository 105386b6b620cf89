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
    void aStableRatioIsOkAndAMovedOneAlertsOnlyAfterConsecutiveWindows() {
        List<PredictionRecord> reference = predictions(END.minusSeconds(3600), Duration.ofHours(24), 2000, 0.3, 1, 1);
        Map<String, Object> stable = MonitorPredictionsProvider.analyse(DEFAULTS,
                predictions(END, Duration.ofHours(1), 1000, 0.3, 1, 2), reference);
        List<PredictionRecord> movedWindow = predictions(END, Duration.ofHours(1), 1000, 0.45, 1, 3);
        Map<String, Object> first = MonitorPredictionsProvider.analyse(DEFAULTS, movedWindow, reference);
        Map<String, Object> second = MonitoringAnalysis.analyse(DEFAULTS, movedWindow, reference, null,
                List.of("alert", "ok"));
        Map<String, Object> afterAGap = MonitoringAnalysis.analyse(DEFAULTS, movedWindow, reference, null,
                List.of("insufficient_data", "alert"));

        assertThat(stable.get("state")).as(stable.toString()).isEqualTo("ok");
        assertThat(first).containsEntry("level", "alert").containsEntry("state", "warn")
                .containsEntry("consecutive_alert_windows", 1);
        assertThat(first.get("reasons").toString()).contains("alert-level shift in 1 consecutive window(s); the alert "
                + "needs 2");
        assertThat(second).containsEntry("state", "alert").containsEntry("consecutive_alert_windows", 2);
        assertThat(afterAGap).containsEntry("state", "warn");
        Map<?, ?> ratio = (Map<?, ?>) first.get("ratio_test");
        assertThat((Double) ratio.get("p_value")).isLessThan(1e-6);
        assertThat((Double) ratio.get("difference")).isCloseTo(0.15, org.assertj.core.api.Assertions.within(1e-9));
        assertThat((Double) ratio.get("cramers_v")).isBetween(0.1, 0.2);
        assertThat((Double) ratio.get("p_adjusted")).isGreaterThanOrEqualTo((Double) ratio.get("p_value"));
        assertThat((List<?>) first.get("reasons")).anySatisfy(r -> assertThat(r.toString())
                .contains("window vs reference: predicted-phishing ratio moved by +0.1500"));
        assertThat((Double) first.get("psi")).isGreaterThan(0.01);
        assertThat(first.get("psi_bins_source")).isEqualTo("equal width");
        assertThat(first.get("tests_corrected")).isEqualTo(List.of("window vs reference",
                "version 1 vs its reference"));
    }

    @Test
    void predictionsOfAlertLevelWindowsAreLeftOutOfTheReference() {
        // four predictions at 09:10, 09:50, 10:10, 10:50; the 10:00-11:00 window was alert-level, 09:00-10:00 not
        Instant nine = Instant.parse("2024-06-01T09:00:00Z");
        List<PredictionRecord> reference = List.of(new PredictionRecord(nine.plusSeconds(600), "m", 1, 0.1, 0),
                new PredictionRecord(nine.plusSeconds(3000), "m", 1, 0.2, 0),
                new PredictionRecord(nine.plusSeconds(4200), "m", 1, 0.9, 1),
                new PredictionRecord(nine.plusSeconds(6600), "m", 1, 0.8, 1));
        List<MonitoringResult> earlier = List.of(
                new MonitoringResult(2, "m", nine, nine.plusSeconds(3600), nine.plusSeconds(7200), "warn",
                        Map.of("level", "alert"), "d", "r2"),
                new MonitoringResult(1, "m", nine, nine, nine.plusSeconds(3600), "ok", Map.of("level", "ok"), "d", "r1"));
        assertThat(MonitorPredictionsProvider.withoutAlertWindows(reference, earlier, 2))
                .containsExactly(reference.get(0), reference.get(1));
        // leaving them out would leave fewer than the minimum: the whole reference is used
        assertThat(MonitorPredictionsProvider.withoutAlertWindows(reference, earlier, 3)).isEqualTo(reference);
    }

    @Test
    void labelsGivePrecisionRecallAndFalsePositiveRatePerVersion() {
        // version 1: 4 labelled of 5; predicted 1,1,0,0 against true 1,0,0,1: tp 1, fp 1, tn 1, fn 1
        List<PredictionRecord> current = List.of(
                new PredictionRecord(END.minusSeconds(10), "m", 1, 0.9, 1, "a", null, null, 1),
                new PredictionRecord(END.minusSeconds(9), "m", 1, 0.8, 1, "b", null, null, 0),
                new PredictionRecord(END.minusSeconds(8), "m", 1, 0.1, 0, "c", null, null, 0),
                new PredictionRecord(END.minusSeconds(7), "m", 1, 0.2, 0, "d", null, null, 1),
                new PredictionRecord(END.minusSeconds(6), "m", 1, 0.2, 0, "e", null, null, null),
                new PredictionRecord(END.minusSeconds(5), "m", 2, 0.7, 1, "f", null, null, null));
        Map<String, Object> result = MonitorPredictionsProvider.analyse(DEFAULTS, current, List.of());
        Map<?, ?> labels = (Map<?, ?>) ((Map<?, ?>) result.get("labels")).get("current");
        assertThat(labels.keySet()).isEqualTo(java.util.Set.of("1")); // version 2 has no label yet
        Map<?, ?> v1 = (Map<?, ?>) labels.get("1");
        assertThat(v1.get("labelled")).isEqualTo(4L);
        assertThat(((Map<?, ?>) v1.get("precision")).get("ratio")).isEqualTo(0.5);
        assertThat(((Map<?, ?>) v1.get("recall")).get("ratio")).isEqualTo(0.5);
        assertThat(((Map<?, ?>) v1.get("false_positive_rate")).get("ratio")).isEqualTo(0.5);
        assertThat((Double) ((Map<?, ?>) v1.get("precision")).get("lower")).isLessThan(0.5);
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
                .contains("versions in the window: predicted-phishing ratio differs by +0.1200"));
        assertThat((Double) ((Map<?, ?>) result.get("versions_test")).get("cramers_v")).isPositive();
    }

    @Test
    void tooFewPredictionsAreNotJudged() {
        Map<String, Object> result = MonitorPredictionsProvider.analyse(DEFAULTS,
                predictions(END, Duration.ofHours(1), 10, 0.9, 1, 1),
                predictions(END.minusSeconds(3600), Duration.ofHours(24), 2000, 0.1, 1, 2));

        assertThat(result).containsEntry("state", "insufficient_data").containsEntry("judged", false);
        assertThat(result.get("reasons").toString()).contains("insufficient data: 10 predictions in the window, "
                + "2000 in the reference (at least 30 each to judge)");
        assertThat(result.get("ratio_test")).isNull(); // no test, so no p-value, on too few predictions
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
                "retrain_dag_id", "phishing_url_pipeline", "alert_after_windows", 1);
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

    /**
     * The phishing_monitoring DAG's alert task (ContinueIf on the monitor's state): it succeeds on an alert, so its
     * outlet emits the asset event the retraining DAG is scheduled on, and is skipped (emitting nothing) otherwise.
     */
    @Test
    void theAlertTaskSucceedsOnlyOnAnAlert(@TempDir Path home) throws Exception {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        registry.logPredictions(predictions(END.minusSeconds(3600), Duration.ofHours(24), 2000, 0.3, 1, 1));
        registry.logPredictions(predictions(END, Duration.ofHours(1), 1000, 0.6, 1, 2));
        Map<String, Object> xcoms = TestTaskContext.newRun();
        TestTaskContext monitor = new TestTaskContext(home, "r1", "monitor_predictions", xcoms)
                .with(ModelRegistry.class, registry);
        monitor.dataIntervalEnd = java.util.Optional.of(END.atOffset(java.time.ZoneOffset.UTC));
        Map<String, Object> out = OperatorRuns.run(MonitorPredictionsProvider.NAME, monitor, Map.of("model_name",
                "phishing_url", "window", "1h", "reference_window", "24h", "alert_after_windows", 1));
        assertThat(out).containsEntry("state", "alert");
        Map<String, Object> gate = Map.of("task", "monitor_predictions", "field", "state", "equals", "alert");

        TestTaskContext alert = new TestTaskContext(home, "r1", "alert", xcoms);
        assertThat(OperatorRuns.run(ContinueIfProvider.NAME, alert, gate)).containsEntry("value", "alert");
        assertThat(alert.logText()).contains("monitor_predictions's state is alert");

        xcoms.put("monitor_predictions/return_value", Map.of("state", "ok"));
        assertThatThrownBy(() -> OperatorRuns.run(ContinueIfProvider.NAME, new TestTaskContext(home, "r2", "alert",
                xcoms), gate)).isInstanceOf(io.updraft.api.SkipTaskException.class)
                .hasMessageContaining("state is ok, not alert");
        // a boolean field compares as text: deploy's promoted: true
        xcoms.put("deploy/return_value", Map.of("promoted", true));
        assertThat(OperatorRuns.run(ContinueIfProvider.NAME, new TestTaskContext(home, "r3", "new_champion", xcoms),
                Map.of("task", "deploy", "field", "promoted", "equals", true))).containsEntry("value", "true");
        assertThatThrownBy(() -> new ContinueIfProvider().validate(ContinueIfProvider.NAME, Map.of("task", "x")))
                .hasMessageContaining("'field' is required");
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
