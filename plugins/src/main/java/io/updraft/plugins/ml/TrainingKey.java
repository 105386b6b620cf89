package io.updraft.plugins.ml;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * What determines a trained model, as one SHA-256: the data version, the feature artifact, the feature
 * configuration, the algorithm with its hyperparameters, the seed and split, and the pipeline code (its classes
 * hash, not the git commit, so a commit elsewhere in the repository is no new model). Training is deterministic,
 * so two models with the same key are the same model: the registry keeps one version of it.
 */
final class TrainingKey {

    private TrainingKey() {
    }

    /** The key's inputs, from a model's {@code training.json} and the code version it was registered with. */
    static Map<String, Object> inputs(Map<String, Object> training, String codeVersion) {
        Map<String, Object> in = new TreeMap<>();
        in.put("algorithm", training.get("algorithm"));
        in.put("hyperparameters", sorted(training.get("hyperparameters")));
        in.put("seed", training.get("seed"));
        if (training.get("split") instanceof Map<?, ?> split) {
            in.put("test_fraction", split.get("test_fraction"));
        }
        in.put("data_sha256", training.get("data_sha256"));
        in.put("features", sorted(training.get("features")));
        in.put("code", CodeVersion.classes(codeVersion));
        return in;
    }

    static String of(Map<String, Object> training, String codeVersion) {
        try {
            byte[] json = Json.toString(inputs(training, codeVersion)).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Object sorted(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new TreeMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), sorted(v)));
            return out;
        }
        return value;
    }
}
