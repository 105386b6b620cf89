package io.updraft.plugins.ml;

import io.updraft.api.DagTriggers;
import io.updraft.api.FailTaskException;
import io.updraft.api.Operator;
import io.updraft.api.OperatorProvider;
import io.updraft.api.TaskContext;
import io.updraft.api.model.ModelRegistry;
import io.updraft.api.model.MonitoringResult;
import io.updraft.api.model.PredictionRecord;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code updraft.ml.MonitorPredictions}: watches a deployed model through its prediction log (and the true labels
 * fed back to it). Over the {@code window} (default {@code 1h}) ending at {@code window_end} (default: the run's data
 * interval end, else now) and the {@code reference_window} before it (default {@code 24h}), {@link MonitoringAnalysis}
 * judges the predicted-phishing ratio and the score distribution. Thresholds, all documented in the README:
 * {@code min_predictions} (default 30) in the window and in the reference, else {@code insufficient_data};
 * {@code warn_p_value} (0.01) and {@code alert_p_value} (0.001) on Benjamini-Hochberg adjusted p-values;
 * {@code warn_psi} (0.1) and {@code alert_psi} (0.25) over {@code psi_bins} (10) fixed bins; {@code alert} only after
 * {@code alert_after_windows} (2) consecutive alert-level windows of this DAG; the predictions of earlier
 * alert-level windows are left out of the reference, so that a shift does not become its own baseline. The result is stored in the registry,
 * printed to the log and returned as XCom. With {@code retrain_dag_id}, an alert triggers a run of that DAG (conf
 * {@code {"reason", "monitoring_id"}}).
 * Durations: {@code 90s}, {@code 30m}, {@code 1h}, {@code 2d}, ISO {@code PT1H}, or seconds as a number.
 */
public final class MonitorPredictionsProvider implements OperatorProvider {

    public static final String NAME = "updraft.ml.MonitorPredictions";
    private static final String[] ARGS = {"model_name", "window", "reference_window", "window_end",
        "min_predictions", "warn_p_value", "alert_p_value", "warn_psi", "alert_psi", "psi_bins", "retrain_dag_id",
        "alert_after_windows"};

    record Settings(String modelName, Duration window, Duration reference, long minPredictions, double warnP,
            double alertP, double warnPsi, double alertPsi, int psiBins, int alertAfter) {
    }

    @Override
    public Set<String> operatorNames() {
        return Set.of(NAME);
    }

    @Override
    public void validate(String operatorName, Map<String, Object> arguments) {
        MlArgs args = MlArgs.atLoad(NAME, arguments);
        args.allowOnly(ARGS);
        settings(args, true);
    }

    static Settings settings(MlArgs args, boolean loadTime) {
        String name = args.string("model_name", RegisterModelProvider.DEFAULT_MODEL);
        Duration window = duration(args, "window", "1h", loadTime);
        Duration reference = duration(args, "reference_window", "24h", loadTime);
        long min = args.integer("min_predictions", 30, 1, Integer.MAX_VALUE);
        Double warnP = args.number("warn_p_value", 0.01, 1e-12, 0.5);
        Double alertP = args.number("alert_p_value", 0.001, 1e-12, 0.5);
        Double warnPsi = args.number("warn_psi", 0.1, 0, 100);
        Double alertPsi = args.number("alert_psi", 0.25, 0, 100);
        long bins = args.integer("psi_bins", 10, 2, 100);
        long alertAfter = args.integer("alert_after_windows", DEFAULT_ALERT_AFTER, 1, 1000);
        if (warnP != null && alertP != null && alertP > warnP) {
            throw new IllegalArgumentException(NAME + ": argument 'alert_p_value' (" + alertP
                    + ") must not be above 'warn_p_value' (" + warnP + ")");
        }
        if (warnPsi != null && alertPsi != null && alertPsi < warnPsi) {
            throw new IllegalArgumentException(NAME + ": argument 'alert_psi' (" + alertPsi
                    + ") must not be below 'warn_psi' (" + warnPsi + ")");
        }
        return new Settings(name, window, reference, min, warnP == null ? 0.01 : warnP,
                alertP == null ? 0.001 : alertP, warnPsi == null ? 0.1 : warnPsi, alertPsi == null ? 0.25 : alertPsi,
                (int) bins, (int) alertAfter);
    }

    /** Consecutive alert-level windows before the state is alert. */
    static final int DEFAULT_ALERT_AFTER = 2;

    static Duration duration(MlArgs args, String name, String fallback, boolean loadTime) {
        Object raw = args.has(name) ? args.raw(name) : fallback;
        if (loadTime && raw instanceof String s && s.contains("{{")) {
            return Duration.parse("PT1H");
        }
        Duration d = parseDuration(raw);
        if (d == null || d.isZero() || d.isNegative()) {
            throw new IllegalArgumentException(NAME + ": argument '" + name + "' must be a positive duration such as "
                    + "90s, 30m, 1h, 2d or PT1H, not '" + raw + "'");
        }
        return d;
    }

    static Duration parseDuration(Object raw) {
        if (raw instanceof Number n) {
            return Duration.ofMillis(Math.round(n.doubleValue() * 1000));
        }
        String s = String.valueOf(raw).trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            if (s.matches("\\d+(\\.\\d+)?[smhd]")) {
                double value = Double.parseDouble(s.substring(0, s.length() - 1));
                long unit = switch (s.charAt(s.length() - 1)) {
                    case 's' -> 1;
                    case 'm' -> 60;
                    case 'h' -> 3600;
                    default -> 86400;
                };
                return Duration.ofMillis(Math.round(value * unit * 1000));
            }
            if (s.matches("\\d+(\\.\\d+)?")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
            }
        } catch (DateTimeParseException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    @Override
    public Operator create(String operatorName, Map<String, Object> arguments) {
        MlArgs args = MlArgs.atRun(NAME, arguments);
        Settings s = settings(args, false);
        String windowEnd = args.string("window_end", null);
        String retrain = args.string("retrain_dag_id", null);
        return context -> run(context, s, windowEnd, retrain);
    }

    private static Map<String, Object> run(TaskContext context, Settings s, String windowEndArg, String retrain) {
        ModelRegistry registry = context.service(ModelRegistry.class).orElseThrow(() -> new FailTaskException(
                "this host offers no model registry (io.updraft.api.model.ModelRegistry)"));
        Instant end;
        if (windowEndArg != null) {
            try {
                end = OffsetDateTime.parse(windowEndArg).toInstant();
            } catch (DateTimeParseException e) {
                throw new FailTaskException("argument 'window_end' must be an ISO date-time with offset, not '"
                        + windowEndArg + "'");
            }
        } else {
            end = context.dataIntervalEnd().map(OffsetDateTime::toInstant).orElse(Instant.now());
        }
        Instant start = end.minus(s.window());
        Instant referenceStart = start.minus(s.reference());
        List<PredictionRecord> current = registry.predictions(s.modelName(), start, end);
        List<MonitoringResult> earlier = registry.monitoring(s.modelName(), 1000).stream()
                .filter(r -> java.util.Objects.equals(r.dagId(), context.dagId())).toList();
        List<String> previousLevels = earlier.stream().limit(Math.max(1, s.alertAfter() - 1))
                .map(MonitorPredictionsProvider::level).toList();
        List<PredictionRecord> allReference = registry.predictions(s.modelName(), referenceStart, start);
        List<PredictionRecord> reference = withoutAlertWindows(allReference, earlier, s.minPredictions());
        Map<String, Object> statistics = MonitoringAnalysis.analyse(s, current, reference,
                psiEdges(registry, s.modelName(), current), previousLevels);
        statistics.put("reference_left_out", allReference.size() - reference.size());
        statistics.put("window", Map.of("start", start.toString(), "end", end.toString()));
        statistics.put("reference_window", Map.of("start", referenceStart.toString(), "end", start.toString()));
        String state = (String) statistics.get("state");
        MonitoringResult stored = registry.recordMonitoring(new MonitoringResult(0, s.modelName(), Instant.now(),
                start, end, state, statistics, context.dagId(), context.runId()));

        context.log().printf("monitoring %s: window %s .. %s against %s .. %s%n", s.modelName(), start, end,
                referenceStart, start);
        context.log().printf("  window: %s; reference: %s%n", describe(statistics.get("current")),
                describe(statistics.get("reference")));
        if (statistics.get("by_version") instanceof Map<?, ?> versions) {
            versions.forEach((version, p) -> context.log().printf("  version %s in the window: %s%n", version,
                    describe(p)));
        }
        context.log().printf("  ratio test: %s; per version: %s; versions: %s; PSI of scores: %s (%s bins)%n",
                statistics.get("ratio_test"), statistics.get("version_ratio_tests"), statistics.get("versions_test"),
                statistics.get("psi"), statistics.get("psi_bins_source"));
        context.log().printf("  labelled: %s%n", statistics.get("labels"));
        context.log().printf("  state %s (result %d): %s%n", state.toUpperCase(Locale.ROOT), stored.id(),
                statistics.get("reasons"));

        Map<String, Object> out = new LinkedHashMap<>(statistics);
        out.put("monitoring_id", stored.id());
        out.put("model_name", s.modelName());
        if (MonitoringResult.ALERT.equals(state) && retrain != null) {
            DagTriggers triggers = context.service(DagTriggers.class).orElseThrow(() -> new FailTaskException(
                    "argument 'retrain_dag_id': this host cannot trigger DAG runs"));
            String runId;
            try {
                runId = triggers.trigger(retrain, Map.of("reason", "monitoring alert on " + s.modelName(),
                        "monitoring_id", stored.id()), "retraining after monitoring alert " + stored.id());
            } catch (IllegalArgumentException e) {
                throw new FailTaskException("argument 'retrain_dag_id': " + e.getMessage(), e);
            }
            context.log().printf("  alert: triggered %s run %s to retrain%n", retrain, runId);
            out.put("retrain_run_id", runId);
        }
        return Json.toMap(out);
    }

    private static String level(MonitoringResult r) {
        return String.valueOf(r.statistics().getOrDefault("level", r.state()));
    }

    /**
     * The reference without the predictions of earlier alert-level windows, so that a shift does not become its own
     * baseline while it lasts (with a sliding reference, a shift the first windows missed was absorbed within hours);
     * all of it when leaving them out would leave fewer than {@code min} predictions.
     */
    static List<PredictionRecord> withoutAlertWindows(List<PredictionRecord> reference, List<MonitoringResult> earlier,
            long min) {
        List<MonitoringResult> alerts = earlier.stream().filter(r -> MonitoringResult.ALERT.equals(level(r))).toList();
        if (alerts.isEmpty()) {
            return reference;
        }
        List<PredictionRecord> kept = reference.stream().filter(p -> alerts.stream().noneMatch(r ->
                !p.time().isBefore(r.windowStart()) && p.time().isBefore(r.windowEnd()))).toList();
        return kept.size() >= min ? kept : reference;
    }

    /** The fixed PSI bins: the held-out score deciles recorded with the version serving most of the window. */
    private static double[] psiEdges(ModelRegistry registry, String name, List<PredictionRecord> current) {
        Map<Integer, Long> counts = new TreeMap<>();
        current.forEach(p -> counts.merge(p.modelVersion(), 1L, Long::sum));
        return counts.entrySet().stream().max(Map.Entry.comparingByValue())
                .flatMap(e -> registry.version(name, e.getKey()))
                .map(v -> v.metrics().get("score_bin_edges"))
                .filter(List.class::isInstance)
                .map(edges -> ((List<?>) edges).stream().mapToDouble(x -> ((Number) x).doubleValue()).toArray())
                .orElse(null);
    }

    private static String describe(Object proportion) {
        if (proportion instanceof Map<?, ?> p) {
            return String.format(Locale.ROOT, "%s predictions, %s predicted phishing, ratio %s [%s, %s]", p.get("n"),
                    p.get("positives"), fmt(p.get("ratio")), fmt(p.get("lower")), fmt(p.get("upper")));
        }
        return String.valueOf(proportion);
    }

    private static String fmt(Object v) {
        return v instanceof Number n ? String.format(Locale.ROOT, "%.4f", n.doubleValue()) : String.valueOf(v);
    }

    /** The statistics and the state of a first window (no earlier results, equal-width PSI bins). */
    static Map<String, Object> analyse(Settings s, List<PredictionRecord> current, List<PredictionRecord> reference) {
        return MonitoringAnalysis.analyse(s, current, reference, null, List.of());
    }
}
