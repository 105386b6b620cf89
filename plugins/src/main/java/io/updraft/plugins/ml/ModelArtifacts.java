package io.updraft.plugins.ml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tribuo.Model;
import org.tribuo.classification.Label;
import com.oracle.labs.mlrg.olcut.config.json.JsonProvenanceSerialization;

/**
 * A trained model on disk: a folder with {@code model.tribuo} (Tribuo protobuf), {@code provenance.json} (Tribuo
 * provenance: trainer, hyperparameters, data set, versions) and {@code training.json} (algorithm,
 * hyperparameters, seed, data version, feature configuration, split, timings and metrics, lineage).
 */
public final class ModelArtifacts {

    public static final String MODEL_FILE = "model.tribuo";
    public static final String PROVENANCE_FILE = "provenance.json";
    public static final String TRAINING_FILE = "training.json";

    private ModelArtifacts() {
    }

    /** A model read back, with the feature configuration it was trained with. */
    public record LoadedModel(Path folder, Model<Label> model, int hashBuckets, Map<String, Object> training) {
        public String algorithm() {
            return String.valueOf(training.get("algorithm"));
        }
    }

    public static Map<String, Object> trainingRecord(ModelTraining.TrainedModel t, Map<String, Object> lineage) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("algorithm", t.algorithm().id());
        m.put("hyperparameters", t.hyperparameters());
        m.put("seed", t.seed());
        m.put("data_sha256", t.dataSha256());
        Map<String, Object> features = new LinkedHashMap<>();
        features.put("extractor", UrlFeatures.class.getName());
        features.put("hash_buckets", t.hashBuckets());
        features.put("lexical", UrlFeatures.lexicalCount());
        features.put("artifact_sha256", t.featuresSha256());
        m.put("features", features);
        m.put("split", Map.of("seed", t.split().seed(), "test_fraction", t.split().testFraction(), "train_rows",
                t.split().train().length, "test_rows", t.split().test().length, "test_fingerprint",
                t.split().testFingerprint()));
        m.put("train_seconds", t.trainSeconds());
        m.put("train_metrics", t.trainMetrics().toMap());
        m.put("test_metrics", t.testMetrics().toMap());
        m.put("tribuo_version", org.tribuo.Tribuo.VERSION);
        m.put("lineage", lineage);
        return m;
    }

    public static void save(ModelTraining.TrainedModel t, Path folder, Map<String, Object> lineage)
            throws IOException {
        Files.createDirectories(folder);
        t.model().serializeToFile(folder.resolve(MODEL_FILE));
        Files.writeString(folder.resolve(PROVENANCE_FILE),
                new JsonProvenanceSerialization(true).marshalAndSerialize(t.model().getProvenance()));
        Json.write(folder.resolve(TRAINING_FILE), trainingRecord(t, lineage));
    }

    /** Loads a model folder (or its {@code model.tribuo} file). */
    public static LoadedModel load(Path folderOrFile) throws IOException {
        Path folder = Files.isDirectory(folderOrFile) ? folderOrFile : folderOrFile.toAbsolutePath().getParent();
        Path modelFile = Files.isDirectory(folderOrFile) ? folderOrFile.resolve(MODEL_FILE) : folderOrFile;
        if (!Files.isRegularFile(modelFile)) {
            throw new IOException("no model file " + modelFile);
        }
        Model<?> raw = Model.deserializeFromFile(modelFile);
        if (!raw.validate(Label.class)) {
            throw new IOException(modelFile + " is not a classification model");
        }
        @SuppressWarnings("unchecked")
        Model<Label> model = (Model<Label>) raw;
        Path trainingFile = folder.resolve(TRAINING_FILE);
        Map<String, Object> training = Files.exists(trainingFile) ? Json.read(trainingFile) : Map.of();
        int buckets = UrlFeatures.DEFAULT_HASH_BUCKETS;
        if (training.get("features") instanceof Map<?, ?> features
                && features.get("hash_buckets") instanceof Number n) {
            buckets = n.intValue();
        }
        return new LoadedModel(folder, model, buckets, training);
    }
}
