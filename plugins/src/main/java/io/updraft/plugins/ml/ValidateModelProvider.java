package io.updraft.plugins.ml;

import io.updraft.api.FailTaskException;
import io.updraft.api.Operator;
import io.updraft.api.OperatorProvider;
import io.updraft.api.TaskContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code updraft.ml.ValidateModel}: evaluates candidate models ({@code models}: model folders, or
 * {@code model_tasks}: train tasks whose XCom has {@code model_path}) on the held-out split ({@code seed},
 * {@code test_fraction}) of a snapshot ({@code snapshot} or {@code snapshot_task}, or the snapshot of the feature
 * artifact {@code features_task}/{@code features}, whose features are then used for every model with its hash
 * buckets) with bootstrap 95% intervals
 * ({@code bootstrap} resamples, default 1000); the best by AUC is the challenger. The {@link PromotionGate} then
 * compares it with the champion on the held-out rows neither trained on, by McNemar's test and a paired AUC
 * bootstrap at {@code alpha} (default 0.05), after the floors {@code min_auc} (default 0.9) and
 * {@code min_accuracy} (default 0.85): superior, or non-inferior within {@code non_inferiority_margin} (AUC,
 * default 0.005) with new data or a new feature set, else kept out. The champion is the model folder
 * {@code champion} when given, else the
 * registry's current champion of {@code model_name} (when the host has a registry and the model a champion), else
 * none (floors only). A rejection is a decision, not a failure. Writes
 * {@code ml/evaluations/<dag>/<run>/<task>/evaluation.json}. XCom: {@code promote}, {@code decision},
 * {@code rule}, {@code policy}, {@code changes}, {@code summary}, {@code reasons}, {@code challenger}, {@code champion}, {@code candidates}, {@code mcnemar},
 * {@code paired_auc}, {@code floors}, {@code data_sha256}, {@code report_path}.
 */
public final class ValidateModelProvider implements OperatorProvider {

    public static final String NAME = "updraft.ml.ValidateModel";
    private static final String[] ARGS = {"models", "model_tasks", "champion", "model_name", "snapshot",
        "snapshot_task", "seed", "test_fraction", "bootstrap", "alpha", "min_auc", "min_accuracy", "features",
        "features_task", "non_inferiority_margin"};

    @Override
    public Set<String> operatorNames() {
        return Set.of(NAME);
    }

    /** AUC a non-inferior challenger may lose at most (the lower bound of the paired interval), by default. */
    static final double DEFAULT_MARGIN = 0.005;

    record Settings(long seed, double testFraction, int bootstrap, PromotionGate.Policy policy) {
    }

    static Settings settings(MlArgs args) {
        long seed = args.integer("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE);
        Double fraction = args.number("test_fraction", 0.2, 0.01, 0.99);
        long bootstrap = args.integer("bootstrap", 1000, 10, 100_000);
        Double alpha = args.number("alpha", 0.05, 1e-9, 0.5);
        Double minAuc = args.number("min_auc", 0.9, 0, 1);
        Double minAccuracy = args.number("min_accuracy", 0.85, 0, 1);
        Double margin = args.number("non_inferiority_margin", DEFAULT_MARGIN, 0, 0.5);
        return new Settings(seed, fraction == null ? 0.2 : fraction, (int) bootstrap, new PromotionGate.Policy(
                minAuc == null ? 0.9 : minAuc, minAccuracy == null ? 0.85 : minAccuracy, alpha == null ? 0.05 : alpha,
                margin == null ? DEFAULT_MARGIN : margin));
    }

    @Override
    public void validate(String operatorName, Map<String, Object> arguments) {
        MlArgs args = MlArgs.atLoad(NAME, arguments);
        args.allowOnly(ARGS);
        if (args.strings("models").isEmpty() && args.strings("model_tasks").isEmpty()) {
            throw new IllegalArgumentException(NAME + ": one of the arguments models, model_tasks is required");
        }
        TrainModelProvider.requireData(args);
        settings(args);
    }

    @Override
    public Operator create(String operatorName, Map<String, Object> arguments) {
        MlArgs args = MlArgs.atRun(NAME, arguments);
        Settings s = settings(args);
        return context -> run(context, args, s);
    }

    private static Object run(TaskContext context, MlArgs args, Settings s) throws Exception {
        MlWorkspace workspace = new MlWorkspace(context);
        MlWorkspace.Features features = workspace.features(args);
        FeatureMatrix matrix = features == null ? null : features.matrix();
        DatasetSnapshot data = workspace.snapshot(args, features);
        DatasetSnapshot.Split split = data.split(s.seed(), s.testFraction());
        int[] labels = data.labels();
        int[] y = new int[split.test().length];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels[split.test()[i]];
        }
        List<String> paths = new ArrayList<>(args.strings("models"));
        for (String task : args.strings("model_tasks")) {
            Object value = context.xcomPull(task);
            if (!(value instanceof Map<?, ?> map) || !(map.get("model_path") instanceof String path)) {
                throw new FailTaskException("argument 'model_tasks': task '" + task
                        + "' pushed no model_path to XCom (got " + value + ")");
            }
            paths.add(path);
        }
        context.log().printf("evaluating %d candidate(s) on %d held-out rows of snapshot %s (seed %d)%s%n",
                paths.size(), y.length, data.sha256(), s.seed(), features == null ? ""
                        : ", features from artifact " + features.sha256());
        List<Map<String, Object>> candidates = new ArrayList<>();
        int best = -1;
        double[] bestScores = null;
        ModelEvaluation.Evaluation bestEvaluation = null;
        ModelArtifacts.LoadedModel bestModel = null;
        for (String path : paths) {
            ModelArtifacts.LoadedModel model = load(path, "models");
            double[] scores = scores(model, data, split, matrix);
            ModelEvaluation.Evaluation evaluation = ModelEvaluation.evaluate(scores, y, s.bootstrap(), s.seed());
            log(context, model.algorithm() + " " + path, evaluation);
            candidates.add(describe(model, evaluation, scores, y));
            if (bestEvaluation == null || evaluation.metrics().auc() > bestEvaluation.metrics().auc()) {
                best = candidates.size() - 1;
                bestScores = scores;
                bestEvaluation = evaluation;
                bestModel = model;
            }
        }
        Map<String, Object> champion = null;
        ModelEvaluation.McNemar mcnemar = null;
        ModelEvaluation.PairedAuc pairedAuc = null;
        String championPath = null;
        Integer championVersion = null;
        String championCode = null;
        List<String> changes = List.of();
        if (args.has("champion")) {
            championPath = args.string("champion");
        } else if (args.has("model_name")) {
            var registry = context.service(io.updraft.api.model.ModelRegistry.class);
            var registered = registry.flatMap(r -> r.alias(args.string("model_name"),
                    io.updraft.api.model.ModelVersion.CHAMPION));
            if (registered.isPresent()) {
                championPath = registered.get().artifactPath();
                championVersion = registered.get().version();
                championCode = registered.get().lineage() == null ? null : registered.get().lineage().codeVersion();
                if (registered.get().artifactSha256() != null) {
                    try {
                        io.updraft.api.model.ArtifactDigest.verify(Path.of(championPath),
                                registered.get().artifactSha256());
                    } catch (java.io.IOException e) {
                        throw new FailTaskException("champion version " + championVersion + " of "
                                + args.string("model_name") + " cannot be compared with: " + e.getMessage(), e);
                    }
                }
                context.log().printf("champion: %s version %d from the registry%n", args.string("model_name"),
                        championVersion);
            } else {
                context.log().printf("no champion of %s in the registry%s: only the floors apply%n",
                        args.string("model_name"), registry.isPresent() ? "" : " (this host has no registry)");
            }
        }
        if (championPath != null) {
            ModelArtifacts.LoadedModel championModel = load(championPath, "champion");
            double[] championScores = scores(championModel, data, split, matrix);
            ModelEvaluation.Evaluation championEvaluation = ModelEvaluation.evaluate(championScores, y,
                    s.bootstrap(), s.seed());
            log(context, "champion " + championModel.algorithm() + " " + championPath, championEvaluation);
            champion = describe(championModel, championEvaluation, championScores, y);
            champion.put("version", championVersion);
            changes = changes(bestModel, championModel, championCode);
            // the paired comparison only on rows neither model trained on: the champion may have been trained on
            // another snapshot whose train split holds some of this split's held-out URLs
            int[] unseen = rowsUnseenBy(championModel, workspace, data, split, context);
            champion.put("comparison_rows", unseen.length);
            double[] championPaired = pick(championScores, unseen);
            double[] challengerPaired = pick(bestScores, unseen);
            int[] yPaired = new int[unseen.length];
            for (int i = 0; i < unseen.length; i++) {
                yPaired[i] = y[unseen[i]];
            }
            mcnemar = ModelEvaluation.mcnemar(correct(championPaired, yPaired), correct(challengerPaired, yPaired));
            pairedAuc = ModelEvaluation.pairedBootstrapAuc(championPaired, challengerPaired, yPaired, s.bootstrap(),
                    s.seed(), 1 - s.policy().alpha());
        }
        PromotionGate.Decision decision = PromotionGate.decide(s.policy(), bestEvaluation, mcnemar, pairedAuc,
                changes);
        context.log().println("challenger: " + bestModel.algorithm() + " " + bestModel.folder());
        context.log().println("gate: " + decision.summary());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("promote", decision.promote());
        out.put("decision", decision.promote() ? "promote" : "reject");
        out.put("rule", decision.rule());
        out.put("policy", s.policy().toMap());
        out.put("changes", decision.changes());
        out.put("summary", decision.summary());
        out.put("reasons", decision.reasons());
        out.put("challenger", candidates.get(best));
        out.put("champion", champion);
        out.put("candidates", candidates);
        out.put("mcnemar", mcnemar == null ? null : Json.toMap(mcnemar));
        out.put("paired_auc", pairedAuc == null ? null : Json.toMap(pairedAuc));
        out.put("floors", decision.floors());
        out.put("data_sha256", data.sha256());
        out.put("features_sha256", features == null ? null : features.sha256());
        out.put("seed", s.seed());
        out.put("test_rows", y.length);
        Path report = workspace.taskFolder("evaluations").resolve("evaluation.json");
        out.put("report_path", report.toString());
        Json.write(report, out);
        return Json.toMap(out);
    }

    /**
     * What the challenger brings that the champion had not: other data, another feature configuration, other
     * feature code (the plugin's code version, when the champion's is recorded).
     */
    static List<String> changes(ModelArtifacts.LoadedModel challenger, ModelArtifacts.LoadedModel champion,
            String championCode) {
        List<String> changes = new ArrayList<>();
        Object data = challenger.training().get("data_sha256");
        Object championData = champion.training().get("data_sha256");
        if (data != null && !data.equals(championData)) {
            changes.add("new data (snapshot " + data + ", the champion's " + championData + ")");
        }
        Object features = featureSet(challenger.training().get("features"));
        Object championFeatures = featureSet(champion.training().get("features"));
        if (features != null && !features.equals(championFeatures)) {
            changes.add("new feature set (" + features + ", the champion's " + championFeatures + ")");
        } else if (championCode != null
                && !CodeVersion.classes(championCode).equals(CodeVersion.classes(CodeVersion.current()))) {
            changes.add("new feature code (code version " + CodeVersion.current() + ", the champion's " + championCode
                    + ")");
        }
        return changes;
    }

    /** The feature configuration of a training record, without the artifact hash (which follows the data). */
    private static Object featureSet(Object features) {
        if (!(features instanceof Map<?, ?> map)) {
            return null;
        }
        Map<Object, Object> set = new java.util.TreeMap<>(java.util.Comparator.comparing(String::valueOf));
        map.forEach((k, v) -> {
            if (!"artifact_sha256".equals(k)) {
                set.put(k, v);
            }
        });
        return set;
    }

    /**
     * Positions in the held-out split whose URL the champion did not train on, from the data version and split
     * recorded in its training.json; all positions when that snapshot is not available here (said in the log).
     */
    private static int[] rowsUnseenBy(ModelArtifacts.LoadedModel champion, MlWorkspace workspace, DatasetSnapshot data,
            DatasetSnapshot.Split split, TaskContext context) throws java.io.IOException {
        int[] all = java.util.stream.IntStream.range(0, split.test().length).toArray();
        Map<String, Object> training = champion.training();
        if (!(training.get("data_sha256") instanceof String sha)
                || !(training.get("split") instanceof Map<?, ?> championSplit)
                || !(championSplit.get("seed") instanceof Number seed)
                || !(championSplit.get("test_fraction") instanceof Number fraction)) {
            context.log().println("champion's training split unknown: comparing on all held-out rows");
            return all;
        }
        DatasetSnapshot championData;
        if (sha.equals(data.sha256())) {
            championData = data;
        } else if (Files.exists(workspace.snapshots().resolve(sha + ".csv"))) {
            championData = DatasetSnapshot.load(workspace.snapshots(), sha);
        } else {
            context.log().println("champion's snapshot " + sha + " is not here: comparing on all held-out rows");
            return all;
        }
        java.util.Set<String> trained = new java.util.HashSet<>();
        for (int row : championData.split(seed.longValue(), fraction.doubleValue()).train()) {
            trained.add(championData.url(row));
        }
        int[] unseen = java.util.Arrays.stream(all).filter(i -> !trained.contains(data.url(split.test()[i])))
                .toArray();
        context.log().printf("champion/challenger comparison on %d of %d held-out rows (the champion trained on the"
                + " other %d)%n", unseen.length, all.length, all.length - unseen.length);
        return unseen;
    }

    private static double[] pick(double[] values, int[] positions) {
        double[] out = new double[positions.length];
        for (int i = 0; i < positions.length; i++) {
            out[i] = values[positions[i]];
        }
        return out;
    }

    private static ModelArtifacts.LoadedModel load(String path, String argument) throws Exception {
        if (!Files.exists(Path.of(path))) {
            throw new FailTaskException("argument '" + argument + "': no model at '" + path + "'");
        }
        return ModelArtifacts.load(Path.of(path));
    }

    /** Held-out scores, with the artifact's features when it has the model's hash buckets, else from the URLs. */
    private static double[] scores(ModelArtifacts.LoadedModel model, DatasetSnapshot data,
            DatasetSnapshot.Split split, FeatureMatrix matrix) {
        UrlExamples examples = new UrlExamples(new UrlFeatures(model.hashBuckets()));
        return ModelTraining.scores(model.model(), matrix != null && matrix.hashBuckets() == model.hashBuckets()
                ? examples.examples(matrix, split.test()) : examples.examples(data, split.test()));
    }

    private static boolean[] correct(double[] scores, int[] y) {
        boolean[] ok = new boolean[y.length];
        for (int i = 0; i < y.length; i++) {
            ok[i] = (scores[i] >= BinaryMetrics.THRESHOLD ? 1 : 0) == y[i];
        }
        return ok;
    }

    private static Map<String, Object> describe(ModelArtifacts.LoadedModel model,
            ModelEvaluation.Evaluation evaluation, double[] heldOutScores, int[] labels) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model_path", model.folder().toString());
        m.put("algorithm", model.algorithm());
        m.put("metrics", Json.toMap(evaluation.metrics().toMap()));
        m.put("intervals_95", Json.toMap(evaluation.intervals()));
        m.put("bootstrap", evaluation.bootstrap());
        // monitoring bins every window by these, so the bins do not move with the reference window
        m.put("score_bin_edges", PredictionDrift.decileEdges(heldOutScores));
        m.put("curves", ModelCurves.of(heldOutScores, labels));
        return m;
    }

    private static void log(TaskContext context, String name, ModelEvaluation.Evaluation e) {
        StringBuilder s = new StringBuilder(name).append(':');
        e.intervals().forEach((metric, i) -> s.append(String.format(" %s %.4f [%.4f, %.4f]", metric, i.estimate(),
                i.lower(), i.upper())));
        context.log().println(s);
    }
}
