package io.updraft.plugins.ml;

import java.lang.reflect.Method;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.classification.xgboost.XGBoostClassificationTrainer;
import org.tribuo.common.xgboost.XGBoostTrainer;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.ModelProvenance;

/**
 * Trains a phishing classifier with Tribuo on {@link UrlFeatures} of a snapshot's train split: XGBoost or
 * logistic regression (linear SGD with log loss and AdaGrad). Deterministic for a seed: the split, the example
 * order and the trainers' random streams all derive from it.
 */
public final class ModelTraining {

    public enum Algorithm {
        XGBOOST, LOGISTIC_REGRESSION;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Algorithm parse(String id) {
            for (Algorithm a : values()) {
                if (a.id().equals(id)) {
                    return a;
                }
            }
            throw new IllegalArgumentException("algorithm must be one of xgboost, logistic_regression, not '" + id
                    + "'");
        }
    }

    /**
     * The training time written into every model's provenance. Tribuo records the wall clock there, which made two
     * trainings on the same inputs differ in their model file; with a fixed time they are bit-identical (the real
     * time and duration are in {@code training.json}).
     */
    public static final OffsetDateTime PROVENANCE_TIME = OffsetDateTime.ofInstant(Instant.EPOCH, ZoneOffset.UTC);

    private ModelTraining() {
    }

    /** The default hyperparameters of an algorithm (the ones the reported metrics were reached with). */
    public static Map<String, Object> defaults(Algorithm algorithm) {
        Map<String, Object> h = new LinkedHashMap<>();
        switch (algorithm) {
            case XGBOOST -> {
                h.put("trees", 300);
                h.put("eta", 0.1);
                h.put("max_depth", 7);
                h.put("min_child_weight", 1.0);
                h.put("gamma", 0.0);
                h.put("subsample", 0.8);
                h.put("colsample", 0.5);
                h.put("lambda", 1.0);
                h.put("alpha", 0.0);
                h.put("threads", 1); // >1 spins OpenMP threads on a shared 2-core machine: slower, not faster
            }
            case LOGISTIC_REGRESSION -> {
                h.put("epochs", 10);
                h.put("learning_rate", 0.2);
                h.put("epsilon", 0.1);
                h.put("minibatch", 1);
            }
            default -> throw new IllegalStateException();
        }
        return h;
    }

    /** Defaults overridden by {@code overrides}; unknown names are rejected, naming them. */
    public static Map<String, Object> hyperparameters(Algorithm algorithm, Map<String, ?> overrides) {
        Map<String, Object> h = defaults(algorithm);
        if (overrides != null) {
            for (Map.Entry<String, ?> e : overrides.entrySet()) {
                if (!h.containsKey(e.getKey())) {
                    throw new IllegalArgumentException("unknown " + algorithm.id() + " hyperparameter '" + e.getKey()
                            + "'; known: " + h.keySet());
                }
                if (!(e.getValue() instanceof Number)) {
                    throw new IllegalArgumentException("hyperparameter '" + e.getKey() + "' must be a number, not '"
                            + e.getValue() + "'");
                }
                h.put(e.getKey(), e.getValue());
            }
        }
        return h;
    }

    public static Trainer<Label> trainer(Algorithm algorithm, Map<String, Object> h, long seed) {
        return switch (algorithm) {
            case XGBOOST -> new XGBoostClassificationTrainer(XGBoostTrainer.BoosterType.GBTREE,
                    XGBoostTrainer.TreeMethod.HIST, intOf(h, "trees"), dbl(h, "eta"), dbl(h, "gamma"),
                    intOf(h, "max_depth"), dbl(h, "min_child_weight"), dbl(h, "subsample"), dbl(h, "colsample"),
                    dbl(h, "lambda"), dbl(h, "alpha"), intOf(h, "threads"), XGBoostTrainer.LoggingVerbosity.SILENT,
                    seed);
            case LOGISTIC_REGRESSION -> new LinearSGDTrainer(new LogMulticlass(),
                    new AdaGrad(dbl(h, "learning_rate"), dbl(h, "epsilon")), intOf(h, "epochs"), -1,
                    intOf(h, "minibatch"), seed);
        };
    }

    /**
     * A trained model with what made it and how it did on the held-out rows; {@code featuresSha256} names the
     * feature artifact it was trained on (null when the features were extracted here).
     */
    public record TrainedModel(Algorithm algorithm, Model<Label> model, Map<String, Object> hyperparameters,
            long seed, int hashBuckets, String dataSha256, DatasetSnapshot.Split split, double trainSeconds,
            BinaryMetrics trainMetrics, BinaryMetrics testMetrics, String featuresSha256) {
    }

    /** Trains on features extracted from the snapshot's URLs. */
    public static TrainedModel train(DatasetSnapshot data, DatasetSnapshot.Split split, Algorithm algorithm,
            Map<String, Object> hyperparameters, int hashBuckets) {
        return train(data, split, algorithm, hyperparameters, hashBuckets, null, null);
    }

    /**
     * Trains on the rows of {@code features} (a feature artifact of {@code data} with SHA-256
     * {@code featuresSha256}), or, when it is null, on features extracted from the snapshot's URLs.
     */
    public static TrainedModel train(DatasetSnapshot data, DatasetSnapshot.Split split, Algorithm algorithm,
            Map<String, Object> hyperparameters, int hashBuckets, FeatureMatrix features, String featuresSha256) {
        UrlExamples examples = new UrlExamples(new UrlFeatures(hashBuckets));
        String description = "phishing-urls snapshot " + data.sha256() + " train split (seed " + split.seed()
                + ", test fraction " + split.testFraction() + ")"
                + (features == null ? "" : ", feature artifact " + featuresSha256);
        List<Example<Label>> trainExamples = features == null ? examples.examples(data, split.train())
                : examples.examples(features, split.train());
        List<Example<Label>> testExamples = features == null ? examples.examples(data, split.test())
                : examples.examples(features, split.test());
        MutableDataset<Label> train = examples.dataset(trainExamples, description);
        long start = System.nanoTime();
        Model<Label> model = withFixedTrainingTime(trainer(algorithm, hyperparameters, split.seed()).train(train));
        double seconds = (System.nanoTime() - start) / 1e9;
        int[] labels = data.labels();
        BinaryMetrics trainMetrics = evaluate(model, trainExamples, labels, split.train());
        BinaryMetrics testMetrics = evaluate(model, testExamples, labels, split.test());
        return new TrainedModel(algorithm, model, hyperparameters, split.seed(), hashBuckets, data.sha256(), split,
                seconds, trainMetrics, testMetrics, featuresSha256);
    }

    /** The model with {@link #PROVENANCE_TIME} as its training time, through Tribuo's own (protected) copy. */
    @SuppressWarnings("unchecked")
    static Model<Label> withFixedTrainingTime(Model<Label> model) {
        ModelProvenance p = model.getProvenance();
        ModelProvenance fixed = new ModelProvenance(p.getClassName(), PROVENANCE_TIME, p.getDatasetProvenance(),
                p.getTrainerProvenance(), new LinkedHashMap<>(p.getInstanceProvenance().getMap()));
        try {
            Method copy = Model.class.getDeclaredMethod("copy", String.class, ModelProvenance.class);
            copy.setAccessible(true);
            return (Model<Label>) copy.invoke(model, model.getName(), fixed);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot fix the training time of a " + model.getClass().getName(), e);
        }
    }

    /** Probability of phishing for each example. */
    public static double[] scores(Model<Label> model, List<Example<Label>> examples) {
        double[] scores = new double[examples.size()];
        int i = 0;
        for (var prediction : model.predict(examples)) {
            Label phishing = prediction.getOutputScores().get(UrlExamples.PHISHING);
            scores[i++] = phishing == null ? 0 : phishing.getScore();
        }
        return scores;
    }

    private static BinaryMetrics evaluate(Model<Label> model, List<Example<Label>> examples, int[] labels,
            int[] rows) {
        int[] y = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            y[i] = labels[rows[i]];
        }
        return BinaryMetrics.of(scores(model, examples), y);
    }

    private static int intOf(Map<String, Object> h, String name) {
        return ((Number) h.get(name)).intValue();
    }

    private static double dbl(Map<String, Object> h, String name) {
        return ((Number) h.get(name)).doubleValue();
    }
}
