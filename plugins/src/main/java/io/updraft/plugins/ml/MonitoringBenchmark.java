package io.updraft.plugins.ml;

import io.updraft.api.model.MonitoringResult;
import io.updraft.api.model.PredictionRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Measures the monitoring as {@code phishing_monitoring} runs it (hourly windows, 24 h reference, its thresholds):
 * the share of windows that alert on unchanged traffic, and how many hours after a shift of the phishing ratio by
 * 10 points the first alert comes. Traffic is simulated from the real model's held-out scores: each prediction
 * draws its class at the traffic's phishing ratio and its score from the held-out scores of that class (the
 * default XGBoost trained on the shipped data's train split), so the predicted ratio and the scores move as a
 * deployed model's would.
 * <pre>java -cp &lt;plugins classpath&gt; io.updraft.plugins.ml.MonitoringBenchmark [data.csv] [--rate N]
 *     [--hours N] [--trials N] [--ratio R] [--shift S] [--alert-after N]</pre>
 */
public final class MonitoringBenchmark {

    private final double[] phishingScores;
    private final double[] legitimateScores;
    private final double[] edges;
    private final MonitorPredictionsProvider.Settings settings;
    private final int rate;

    private MonitoringBenchmark(double[] phishingScores, double[] legitimateScores, double[] edges,
            MonitorPredictionsProvider.Settings settings, int rate) {
        this.phishingScores = phishingScores;
        this.legitimateScores = legitimateScores;
        this.edges = edges;
        this.settings = settings;
        this.rate = rate;
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of("dag-specs/data/phishing-urls/phishing-urls.csv");
        int rate = 500;
        int hours = 2000;
        int trials = 200;
        double ratio = 0.3;
        double shift = 0.1;
        int alertAfter = 2;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rate" -> rate = Integer.parseInt(args[++i]);
                case "--hours" -> hours = Integer.parseInt(args[++i]);
                case "--trials" -> trials = Integer.parseInt(args[++i]);
                case "--ratio" -> ratio = Double.parseDouble(args[++i]);
                case "--shift" -> shift = Double.parseDouble(args[++i]);
                case "--alert-after" -> alertAfter = Integer.parseInt(args[++i]);
                default -> data = Path.of(args[i]);
            }
        }
        DatasetSnapshot snapshot = DatasetSnapshot.read(data);
        DatasetSnapshot.Split split = snapshot.split(42, 0.2);
        ModelTraining.Algorithm xgboost = ModelTraining.Algorithm.XGBOOST;
        ModelTraining.TrainedModel trained = ModelTraining.train(snapshot, split, xgboost,
                ModelTraining.defaults(xgboost), UrlFeatures.DEFAULT_HASH_BUCKETS);
        double[] scores = ModelTraining.scores(trained.model(), new UrlExamples(new UrlFeatures(
                UrlFeatures.DEFAULT_HASH_BUCKETS)).examples(snapshot, split.test()));
        int[] labels = snapshot.labels();
        List<Double> phishing = new ArrayList<>();
        List<Double> legitimate = new ArrayList<>();
        for (int i = 0; i < scores.length; i++) {
            (labels[split.test()[i]] == 1 ? phishing : legitimate).add(scores[i]);
        }
        // the thresholds of dag-specs/phishing_monitoring.yml
        MonitorPredictionsProvider.Settings settings = MonitorPredictionsProvider.settings(MlArgs.atRun("bench",
                Map.of("min_predictions", 100, "alert_after_windows", alertAfter)), false);
        MonitoringBenchmark bench = new MonitoringBenchmark(phishing.stream().mapToDouble(d -> d).toArray(),
                legitimate.stream().mapToDouble(d -> d).toArray(), PredictionDrift.decileEdges(scores), settings, rate);
        System.out.printf(Locale.ROOT, "monitoring on simulated traffic: %d predictions/hour, phishing ratio %.2f, "
                + "1 h windows against 24 h; held-out AUC of the scoring model %.4f%n", rate, ratio,
                trained.testMetrics().auc());
        System.out.printf(Locale.ROOT, "thresholds: min %d per window, warn p < %s, alert-level p < %s (BH adjusted),"
                + " PSI warn %s / alert %s, alert after %d windows%n", settings.minPredictions(), settings.warnP(),
                settings.alertP(), settings.warnPsi(), settings.alertPsi(), settings.alertAfter());
        bench.falseAlarms(ratio, hours, new SplittableRandom(1));
        bench.detectionDelay(ratio, ratio + shift, trials, new SplittableRandom(2));
    }

    /** Windows that alert (and warn) on traffic whose ratio never changes. */
    private void falseAlarms(double ratio, int hours, SplittableRandom random) {
        Deque<List<PredictionRecord>> past = warmUp(ratio, random);
        List<String> levels = new ArrayList<>();
        int alerts = 0;
        int warnings = 0;
        for (int h = 0; h < hours; h++) {
            String state = step(past, ratio, levels, random);
            alerts += state.equals(MonitoringResult.ALERT) ? 1 : 0;
            warnings += state.equals(MonitoringResult.WARN) ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "unchanged traffic, %d hourly windows: %d alerts (%.4f per window, %.3f per "
                + "day), %d warnings (%.4f per window)%n", hours, alerts, alerts / (double) hours,
                24.0 * alerts / hours, warnings, warnings / (double) hours);
    }

    /** Hours from a shift of the phishing ratio until the first alert (and the first warning or alert). */
    private void detectionDelay(double before, double after, int trials, SplittableRandom random) {
        int[] toAlert = new int[trials];
        int[] toWarn = new int[trials];
        int limit = 72;
        for (int t = 0; t < trials; t++) {
            Deque<List<PredictionRecord>> past = warmUp(before, random);
            List<String> levels = new ArrayList<>();
            toAlert[t] = limit + 1;
            toWarn[t] = limit + 1;
            for (int h = 1; h <= limit; h++) {
                String state = step(past, after, levels, random);
                if (toWarn[t] > limit && !state.equals(MonitoringResult.OK)) {
                    toWarn[t] = h;
                }
                if (state.equals(MonitoringResult.ALERT)) {
                    toAlert[t] = h;
                    break;
                }
            }
        }
        Arrays.sort(toAlert);
        Arrays.sort(toWarn);
        long missed = Arrays.stream(toAlert).filter(h -> h > limit).count();
        System.out.printf(Locale.ROOT, "shift %.2f -> %.2f, %d trials: first alert after median %d h (p10 %d, p90 %d, "
                + "max %d; %d not within %d h), first warning or alert after median %d h (p90 %d)%n", before, after,
                trials, toAlert[trials / 2], toAlert[trials / 10], toAlert[trials * 9 / 10], toAlert[trials - 1],
                missed, limit, toWarn[trials / 2], toWarn[trials * 9 / 10]);
    }

    private Deque<List<PredictionRecord>> warmUp(double ratio, SplittableRandom random) {
        Deque<List<PredictionRecord>> past = new ArrayDeque<>();
        for (int h = 0; h < 24; h++) {
            past.addLast(hour(ratio, random));
        }
        return past;
    }

    /** One hour of traffic judged against the 24 before it; the window then joins the reference. */
    private String step(Deque<List<PredictionRecord>> past, double ratio, List<String> levels,
            SplittableRandom random) {
        List<PredictionRecord> current = hour(ratio, random);
        List<PredictionRecord> all = new ArrayList<>();
        List<PredictionRecord> clean = new ArrayList<>();
        int hour = 0;
        for (List<PredictionRecord> h : past) {
            all.addAll(h);
            // the levels of the hours in the reference, newest first in levels: as the operator leaves them out
            int age = past.size() - 1 - hour++;
            if (!(age < levels.size() && MonitoringResult.ALERT.equals(levels.get(age)))) {
                clean.addAll(h);
            }
        }
        List<PredictionRecord> reference = clean.size() >= settings.minPredictions() ? clean : all;
        Map<String, Object> result = MonitoringAnalysis.analyse(settings, current, reference, edges, levels);
        levels.add(0, (String) result.get("level"));
        past.removeFirst();
        past.addLast(current);
        return (String) result.get("state");
    }

    private List<PredictionRecord> hour(double ratio, SplittableRandom random) {
        List<PredictionRecord> out = new ArrayList<>(rate);
        Instant time = Instant.EPOCH.plus(Duration.ofHours(1));
        for (int i = 0; i < rate; i++) {
            double[] pool = random.nextDouble() < ratio ? phishingScores : legitimateScores;
            double score = pool[random.nextInt(pool.length)];
            out.add(new PredictionRecord(time, "bench", 1, score, score >= BinaryMetrics.THRESHOLD ? 1 : 0));
        }
        return out;
    }
}
