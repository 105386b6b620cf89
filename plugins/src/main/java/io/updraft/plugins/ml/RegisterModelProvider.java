package io.updraft.plugins.ml;

import io.updraft.api.FailTaskException;
import io.updraft.api.Operator;
import io.updraft.api.OperatorProvider;
import io.updraft.api.TaskContext;
import io.updraft.api.model.Lineage;
import io.updraft.api.model.ModelRegistry;
import io.updraft.api.model.ModelVersion;
import io.updraft.api.model.NewModelVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;

/**
 * {@code updraft.ml.RegisterModel}: registers the challenger chosen by {@code validation_task} (an
 * {@code updraft.ml.ValidateModel} task) in the host's model registry as a new version of {@code model_name}
 * (default {@code phishing_url}), with its lineage (data SHA-256, feature artifact SHA-256, DAG id and version, run id,
 * training task, code version), Tribuo's provenance JSON, the held-out metrics with their intervals, and the gate's decision with its
 * statistics; points the {@code challenger} alias at it and, when the gate promotes and {@code promote} is
 * {@code gate} (the default; {@code never} only registers), makes it the champion, which the prediction endpoint
 * then serves. A rejected challenger is registered with status {@code rejected}. A challenger with the
 * {@link TrainingKey} of a registered version (same data, features, code and parameters) is that version again:
 * nothing is registered ({@code registered: false}, {@code same_as_version}). With {@code retention} (a duration
 * such as {@code 30d}) the registry then prunes old copies ({@code ModelRegistry.pruneArtifacts}; XCom
 * {@code pruned_versions}). XCom: {@code model_name}, {@code registered},
 * {@code version}, {@code status}, {@code promoted}, {@code champion_version}, {@code artifact_path} and
 * {@code artifact_sha256} (the registry's copy of the model folder), {@code lineage}, {@code metrics}.
 */
public final class RegisterModelProvider implements OperatorProvider {

    public static final String NAME = "updraft.ml.RegisterModel";
    public static final String DEFAULT_MODEL = "phishing_url";
    private static final String[] ARGS = {"validation_task", "model_name", "promote", "retention"};

    @Override
    public Set<String> operatorNames() {
        return Set.of(NAME);
    }

    @Override
    public void validate(String operatorName, Map<String, Object> arguments) {
        MlArgs args = MlArgs.atLoad(NAME, arguments);
        args.allowOnly(ARGS);
        args.string("validation_task");
        promotePolicy(args);
        modelName(args);
        retention(args, true);
    }

    /** How long archived and rejected versions keep their registry copies; null keeps them for ever. */
    static java.time.Duration retention(MlArgs args, boolean loadTime) {
        return args.has("retention") ? MonitorPredictionsProvider.duration(args, "retention", "30d", loadTime) : null;
    }

    static String modelName(MlArgs args) {
        String name = args.string("model_name", DEFAULT_MODEL);
        if (!name.contains("{{") && !name.matches("[A-Za-z0-9_.-]{1,250}")) {
            throw new IllegalArgumentException(NAME + ": argument 'model_name' must be 1-250 letters, digits, '_', "
                    + "'.' or '-', not '" + name + "'");
        }
        return name;
    }

    private static boolean promotePolicy(MlArgs args) {
        String policy = args.string("promote", "gate");
        if (!policy.equals("gate") && !policy.equals("never") && !policy.contains("{{")) {
            throw new IllegalArgumentException(NAME + ": argument 'promote' must be 'gate' or 'never', not '" + policy
                    + "'");
        }
        return policy.equals("gate");
    }

    @Override
    public Operator create(String operatorName, Map<String, Object> arguments) {
        MlArgs args = MlArgs.atRun(NAME, arguments);
        String validationTask = args.string("validation_task");
        String modelName = modelName(args);
        boolean followGate = promotePolicy(args);
        java.time.Duration retention = retention(args, false);
        return context -> {
            Map<String, Object> out = register(context, validationTask, modelName, followGate);
            if (retention != null) {
                List<Integer> pruned = context.service(ModelRegistry.class).orElseThrow()
                        .pruneArtifacts(modelName, retention);
                context.log().printf("retention %s: %s%n", retention, pruned.isEmpty()
                        ? "no registry copy to delete" : "deleted the registry copies of versions " + pruned);
                out.put("pruned_versions", pruned);
            }
            return out;
        };
    }

    private static Map<String, Object> register(TaskContext context, String validationTask, String modelName,
            boolean followGate) throws Exception {
        ModelRegistry registry = context.service(ModelRegistry.class).orElseThrow(() -> new FailTaskException(
                "this host offers no model registry (io.updraft.api.model.ModelRegistry)"));
        if (!(context.xcomPull(validationTask) instanceof Map<?, ?> gate)
                || !(gate.get("challenger") instanceof Map<?, ?> challenger)
                || !(challenger.get("model_path") instanceof String modelPath)) {
            throw new FailTaskException("argument 'validation_task': task '" + validationTask
                    + "' pushed no challenger with a model_path to XCom (got " + context.xcomPull(validationTask)
                    + ")");
        }
        Path folder = Path.of(modelPath);
        ModelArtifacts.LoadedModel model;
        try {
            model = ModelArtifacts.load(folder); // a version is only registered when the host can serve it
        } catch (java.io.IOException e) {
            throw new FailTaskException("challenger model at " + folder + " cannot be loaded: " + e.getMessage(), e);
        }
        Map<String, Object> training = model.training();
        Map<?, ?> trainingLineage = training.get("lineage") instanceof Map<?, ?> l ? l : Map.of();
        Map<?, ?> features = training.get("features") instanceof Map<?, ?> f ? f : Map.of();
        Lineage lineage = new Lineage(str(training.get("data_sha256"), gate.get("data_sha256")),
                str(trainingLineage.get("dag_id"), context.dagId()),
                str(trainingLineage.get("dag_version"), context.dagVersion()),
                str(trainingLineage.get("run_id"), context.runId()),
                str(trainingLineage.get("task_id"), null), CodeVersion.current(),
                str(features.get("artifact_sha256"), null));
        String trainingKey = TrainingKey.of(training, lineage.codeVersion());
        Optional<ModelVersion> same = registry.versions(modelName).stream()
                .filter(v -> trainingKey.equals(v.metrics().get("training_key"))).findFirst();
        if (same.isPresent()) {
            return unchanged(context, registry, modelName, same.get(), trainingKey);
        }
        Path provenanceFile = model.folder().resolve(ModelArtifacts.PROVENANCE_FILE);
        String provenance = Files.exists(provenanceFile) ? Files.readString(provenanceFile) : null;

        Map<String, Object> metrics = new LinkedHashMap<>();
        if (challenger.get("metrics") instanceof Map<?, ?> m) {
            m.forEach((k, v) -> metrics.put(String.valueOf(k), v));
        }
        metrics.put("intervals_95", challenger.get("intervals_95"));
        metrics.put("score_bin_edges", challenger.get("score_bin_edges"));
        metrics.put("curves", challenger.get("curves"));
        metrics.put("test_rows", gate.get("test_rows"));
        metrics.put("train_metrics", training.get("train_metrics"));
        metrics.put("hyperparameters", training.get("hyperparameters"));
        metrics.put("train_seconds", training.get("train_seconds"));
        metrics.put("training_key", trainingKey);
        metrics.put("training_inputs", TrainingKey.inputs(training, lineage.codeVersion()));

        boolean gatePromotes = Boolean.TRUE.equals(gate.get("promote"));
        Map<String, Object> validation = new LinkedHashMap<>();
        for (String key : new String[] {"decision", "rule", "policy", "changes", "promote", "summary", "reasons", "floors", "mcnemar",
            "paired_auc", "champion", "candidates", "seed", "test_rows", "report_path"}) {
            validation.put(key, gate.get(key));
        }
        validation.put("validation_task", validationTask);

        ModelVersion registered = registry.register(new NewModelVersion(modelName, TribuoUrlModelFormat.NAME,
                model.folder().toAbsolutePath().toString(), model.algorithm(), metrics, validation, lineage,
                provenance, !gatePromotes));
        String actor = "dag:" + context.dagId() + "/" + context.runId();
        registry.setAlias(modelName, ModelVersion.CHALLENGER, registered.version(), actor);
        boolean promoted = gatePromotes && followGate;
        if (promoted) {
            registered = registry.promote(modelName, registered.version(), actor);
        }
        Integer champion = registry.alias(modelName, ModelVersion.CHAMPION).map(ModelVersion::version).orElse(null);

        context.log().printf("registered %s version %d (%s) from %s%n", modelName, registered.version(),
                model.algorithm(), model.folder());
        context.log().printf("  registry copy: %s (SHA-256 %s)%n", registered.artifactPath(),
                registered.artifactSha256());
        context.log().printf("  lineage: data %s, features %s, dag %s version %s, run %s, task %s, code %s%n",
                lineage.dataSha256(), lineage.featuresSha256(), lineage.dagId(), lineage.dagVersion(),
                lineage.runId(), lineage.taskId(), lineage.codeVersion());
        context.log().printf("  held-out metrics: AUC %s, accuracy %s, precision %s, recall %s, F1 %s%n",
                fmt(metrics.get("auc")), fmt(metrics.get("accuracy")), fmt(metrics.get("precision")),
                fmt(metrics.get("recall")), fmt(metrics.get("f1")));
        context.log().printf("  gate: %s%n", gate.get("summary"));
        context.log().printf("  %s; champion is now version %s%n", promoted ? "promoted to champion"
                : gatePromotes ? "not promoted (promote: never)" : "not promoted (rejected by the gate)", champion);

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_name", modelName);
        out.put("registered", true);
        out.put("version", registered.version());
        out.put("status", registered.status());
        out.put("promoted", promoted);
        out.put("champion_version", champion);
        out.put("artifact_path", registered.artifactPath());
        out.put("artifact_sha256", registered.artifactSha256());
        Map<String, Object> lineageMap = new LinkedHashMap<>();
        lineageMap.put("data_sha256", lineage.dataSha256());
        lineageMap.put("dag_id", lineage.dagId());
        lineageMap.put("dag_version", lineage.dagVersion());
        lineageMap.put("run_id", lineage.runId());
        lineageMap.put("task_id", lineage.taskId());
        lineageMap.put("code_version", lineage.codeVersion());
        lineageMap.put("features_sha256", lineage.featuresSha256());
        out.put("lineage", lineageMap);
        Map<String, Object> summary = new LinkedHashMap<>();
        for (String metric : BinaryMetrics.NAMES) {
            summary.put(metric, metrics.get(metric));
        }
        out.put("metrics", summary);
        return out;
    }

    /**
     * The challenger was trained on the same data, features, code and parameters as a registered version: training
     * is deterministic, so it is that version again, and no new version is made.
     */
    private static Map<String, Object> unchanged(TaskContext context, ModelRegistry registry, String modelName,
            ModelVersion same, String trainingKey) {
        Integer champion = registry.alias(modelName, ModelVersion.CHAMPION).map(ModelVersion::version).orElse(null);
        context.log().printf("not registered: %s version %d was trained on the same data, features, code and "
                + "parameters (training key %s); champion is version %s%n", modelName, same.version(), trainingKey,
                champion);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("model_name", modelName);
        out.put("registered", false);
        out.put("version", same.version());
        out.put("same_as_version", same.version());
        out.put("status", same.status());
        out.put("promoted", false);
        out.put("champion_version", champion);
        out.put("training_key", trainingKey);
        return out;
    }

    private static String str(Object value, Object fallback) {
        Object v = value != null ? value : fallback;
        return v == null ? null : v.toString();
    }

    private static String fmt(Object value) {
        return value instanceof Number n ? String.format(java.util.Locale.ROOT, "%.4f", n.doubleValue())
                : String.valueOf(value);
    }
}
