package io.updraft.plugins.ml;

import io.updraft.api.FailTaskException;
import io.updraft.api.Operator;
import io.updraft.api.OperatorProvider;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code updraft.ml.TrainModel}: trains {@code algorithm} ({@code xgboost} or {@code logistic_regression}) on the
 * train split ({@code seed}, default 42; {@code test_fraction}, default 0.2) of a snapshot with optional
 * {@code hyperparameters} overriding {@link ModelTraining#defaults}. The features come from a feature artifact
 * ({@code features_task}: an {@code updraft.ml.ExtractUrlFeatures} task, or {@code features}: its path; its snapshot
 * is the data unless {@code snapshot}/{@code snapshot_task} name one, which must be the same), or else are
 * extracted here from the snapshot ({@code snapshot} or {@code snapshot_task}) with {@link UrlFeatures}
 * ({@code hash_buckets}, default 256). Refuses a snapshot whose validation report for that split is missing or
 * failed. Writes {@code model.tribuo}, {@code provenance.json} and
 * {@code training.json} to {@code ml/models/<dag>/<run>/<task>/}. XCom: {@code model_path}, {@code algorithm},
 * {@code data_sha256}, {@code features_sha256} (null without an artifact), {@code seed}, {@code hyperparameters},
 * {@code hash_buckets}, {@code train_seconds}, {@code test_metrics}.
 */
public final class TrainModelProvider implements OperatorProvider {

    public static final String NAME = "updraft.ml.TrainModel";
    private static final String[] ARGS = {"algorithm", "snapshot", "snapshot_task", "seed", "test_fraction",
        "hash_buckets", "hyperparameters", "features", "features_task"};

    @Override
    public Set<String> operatorNames() {
        return Set.of(NAME);
    }

    record Settings(ModelTraining.Algorithm algorithm, long seed, double testFraction, int hashBuckets,
            Map<String, Object> hyperparameters) {
    }

    static Settings settings(MlArgs args, boolean loadTime) {
        String id = args.string("algorithm");
        ModelTraining.Algorithm algorithm;
        try {
            algorithm = loadTime && id.contains("{{") ? ModelTraining.Algorithm.XGBOOST
                    : ModelTraining.Algorithm.parse(id);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(NAME + ": argument 'algorithm': " + e.getMessage());
        }
        long seed = args.integer("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
        Double fraction = args.number("test_fraction", 0.2, 0.01, 0.99);
        long buckets = args.integer("hash_buckets", UrlFeatures.DEFAULT_HASH_BUCKETS, 0, 1 << 16);
        if ((buckets & (buckets - 1)) != 0) {
            throw new IllegalArgumentException(NAME + ": argument 'hash_buckets' must be 0 or a power of two, not "
                    + buckets);
        }
        Map<String, Object> hyperparameters;
        try {
            hyperparameters = ModelTraining.hyperparameters(algorithm, args.map("hyperparameters"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(NAME + ": argument 'hyperparameters': " + e.getMessage());
        }
        return new Settings(algorithm, seed, fraction == null ? 0.2 : fraction, (int) buckets, hyperparameters);
    }

    @Override
    public void validate(String operatorName, Map<String, Object> arguments) {
        MlArgs args = MlArgs.atLoad(NAME, arguments);
        args.allowOnly(ARGS);
        requireData(args);
        settings(args, true);
    }

    static void requireData(MlArgs args) {
        args.requireOneOf("features_task", "features", "snapshot_task", "snapshot");
    }

    @Override
    public Operator create(String operatorName, Map<String, Object> arguments) {
        MlArgs args = MlArgs.atRun(NAME, arguments);
        Settings s = settings(args, false);
        return context -> {
            MlWorkspace workspace = new MlWorkspace(context);
            MlWorkspace.Features features = workspace.features(args);
            DatasetSnapshot data = workspace.snapshot(args, features);
            workspace.requireValidated(data, s.seed(), s.testFraction(), "train on");
            int buckets = s.hashBuckets();
            if (features != null) {
                if (args.has("hash_buckets") && features.matrix().hashBuckets() != buckets) {
                    throw new FailTaskException("argument 'hash_buckets' is " + buckets + " but the feature artifact "
                            + features.path() + " has " + features.matrix().hashBuckets());
                }
                buckets = features.matrix().hashBuckets();
            }
            DatasetSnapshot.Split split = data.split(s.seed(), s.testFraction());
            context.log().printf("training %s on snapshot %s: %d train rows, %d held out, %d features (%s), %s%n",
                    s.algorithm().id(), data.sha256(), split.train().length, split.test().length,
                    new UrlFeatures(buckets).dimension(), features == null ? "extracted here"
                            : "feature artifact " + features.sha256(), s.hyperparameters());
            ModelTraining.TrainedModel trained = ModelTraining.train(data, split, s.algorithm(),
                    s.hyperparameters(), buckets, features == null ? null : features.matrix(),
                    features == null ? null : features.sha256());
            Path folder = workspace.taskFolder("models");
            Map<String, Object> lineage = new LinkedHashMap<>();
            lineage.put("dag_id", context.dagId());
            lineage.put("dag_version", context.dagVersion());
            lineage.put("run_id", context.runId());
            lineage.put("task_id", context.taskId());
            lineage.put("try_number", context.tryNumber());
            ModelArtifacts.save(trained, folder, lineage);
            BinaryMetrics m = trained.testMetrics();
            context.log().printf("trained in %.2f s; held-out AUC %.4f, accuracy %.4f, precision %.4f, recall %.4f,"
                    + " F1 %.4f%n", trained.trainSeconds(), m.auc(), m.accuracy(), m.precision(), m.recall(), m.f1());
            context.log().println("model: " + folder);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("model_path", folder.toString());
            out.put("algorithm", s.algorithm().id());
            out.put("data_sha256", data.sha256());
            out.put("features_sha256", trained.featuresSha256());
            out.put("seed", s.seed());
            out.put("test_fraction", s.testFraction());
            out.put("hyperparameters", s.hyperparameters());
            out.put("hash_buckets", buckets);
            out.put("train_seconds", trained.trainSeconds());
            out.put("test_metrics", Json.toMap(m.toMap()));
            return out;
        };
    }
}
