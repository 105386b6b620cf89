package io.updraft.plugins.ml;

import io.updraft.api.FailTaskException;
import io.updraft.api.TaskContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Where the ML operators keep artifacts under {@code UPDRAFT_HOME/ml}: {@code snapshots/<sha256>.csv} (and
 * {@code snapshots/accepted.json}, the last snapshot that passed validation), {@code reports/<sha256>/...},
 * {@code models/<dag>/<run>/<task>/} and {@code evaluations/<dag>/<run>/<task>/}; and how operators find the
 * snapshot they work on.
 */
final class MlWorkspace {

    static final String SNAPSHOT_ARGS = "snapshot, snapshot_task";

    private final TaskContext context;
    private final Path root;

    MlWorkspace(TaskContext context) {
        this.context = context;
        this.root = context.home().resolve("ml");
    }

    Path snapshots() {
        return root.resolve("snapshots");
    }

    Path acceptedPointer() {
        return snapshots().resolve("accepted.json");
    }

    Path validationReport(String sha256, long seed, double testFraction) {
        return root.resolve("reports").resolve(sha256).resolve(String.format(Locale.ROOT,
                "validation-seed%d-test%.3f.json", seed, testFraction));
    }

    /** Where the feature artifacts of a snapshot go: {@code features/<sha256>/}. */
    Path features(String dataSha256) {
        return root.resolve("features").resolve(dataSha256);
    }

    /**
     * Fails the task unless the snapshot has a passed validation report for the split ({@code seed},
     * {@code testFraction}): nothing downstream of ValidateData works on unvalidated data.
     */
    void requireValidated(DatasetSnapshot data, long seed, double testFraction, String doing) throws IOException {
        Path report = validationReport(data.sha256(), seed, testFraction);
        if (!Files.exists(report) || "FAIL".equals(Json.read(report).get("status"))) {
            throw new FailTaskException("snapshot " + data.sha256() + " has no passed validation report for seed "
                    + seed + " and test fraction " + testFraction + " (" + report
                    + "): run updraft.ml.ValidateData first; refusing to " + doing + " unvalidated data");
        }
    }

    /** A feature artifact read with its SHA-256 checked. */
    record Features(FeatureMatrix matrix, Path path, String sha256) {
    }

    /**
     * The feature artifact named by argument {@code features} (a path) or by the {@code features_path} and
     * {@code features_sha256} in the XCom of task {@code features_task}; null when neither is given.
     */
    Features features(MlArgs args) throws IOException {
        Path path;
        String sha = null;
        if (args.has("features")) {
            path = Path.of(args.string("features"));
        } else if (args.has("features_task")) {
            String task = args.string("features_task");
            Object value = context.xcomPull(task);
            if (!(value instanceof Map<?, ?> map) || !(map.get("features_path") instanceof String p)
                    || !(map.get("features_sha256") instanceof String s)) {
                throw new FailTaskException("argument 'features_task': task '" + task
                        + "' pushed no features_path and features_sha256 to XCom (got " + value + ")");
            }
            path = Path.of(p);
            sha = s;
        } else {
            return null;
        }
        if (!Files.isRegularFile(path)) {
            throw new FailTaskException("argument '" + (args.has("features") ? "features" : "features_task")
                    + "': no feature artifact at " + path);
        }
        try {
            FeatureMatrix matrix = FeatureMatrix.read(path, sha);
            return new Features(matrix, path, sha != null ? sha : FeatureMatrix.sha256Of(path));
        } catch (DatasetSnapshot.DataFormatException e) {
            throw new FailTaskException(e.getMessage(), e);
        }
    }

    /**
     * The snapshot of {@link #snapshot(MlArgs)} when a snapshot argument is given, else the one the feature
     * artifact was extracted from; when both are given they must agree.
     */
    DatasetSnapshot snapshot(MlArgs args, Features features) throws IOException {
        if (features == null || args.has("snapshot") || args.has("snapshot_task")) {
            DatasetSnapshot data = snapshot(args);
            if (features != null && !features.matrix().dataSha256().equals(data.sha256())) {
                throw new FailTaskException("the feature artifact " + features.path() + " was extracted from snapshot "
                        + features.matrix().dataSha256() + ", not from snapshot " + data.sha256());
            }
            return data;
        }
        return resolve(features.matrix().dataSha256(), "features");
    }

    /** A per-task-instance folder: {@code <kind>/<dag>/<run>/<task>[-<map index>]}. */
    Path taskFolder(String kind) {
        String task = context.taskId() + (context.mapIndex() >= 0 ? "-" + context.mapIndex() : "");
        return root.resolve(kind).resolve(safe(context.dagId())).resolve(safe(context.runId())).resolve(safe(task));
    }

    static String safe(String s) {
        return s.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /**
     * The snapshot named by argument {@code snapshot} (a SHA-256 under {@code snapshots/}, or a path to a snapshot
     * file) or, failing that, by the {@code snapshot_sha256} in the XCom of task {@code snapshot_task}.
     */
    DatasetSnapshot snapshot(MlArgs args) throws IOException {
        String ref;
        if (args.has("snapshot")) {
            ref = args.string("snapshot");
        } else if (args.has("snapshot_task")) {
            String task = args.string("snapshot_task");
            Object value = context.xcomPull(task);
            if (!(value instanceof Map<?, ?> map) || !(map.get("snapshot_sha256") instanceof String sha)) {
                throw new FailTaskException("argument 'snapshot_task': task '" + task
                        + "' pushed no snapshot_sha256 to XCom (got " + value + ")");
            }
            ref = sha;
        } else {
            throw new FailTaskException("one of the arguments " + SNAPSHOT_ARGS + " is required");
        }
        return resolve(ref, "snapshot");
    }

    DatasetSnapshot resolve(String ref, String argument) throws IOException {
        if (ref.matches("[0-9a-f]{64}")) {
            if (!Files.exists(snapshots().resolve(ref + ".csv"))) {
                throw new FailTaskException("argument '" + argument + "': no snapshot " + ref + " under "
                        + snapshots());
            }
            return DatasetSnapshot.load(snapshots(), ref);
        }
        Path path = Path.of(ref);
        if (!Files.isRegularFile(path)) {
            throw new FailTaskException("argument '" + argument + "': '" + ref
                    + "' is neither a snapshot SHA-256 nor a readable file");
        }
        return DatasetSnapshot.read(path);
    }

    /** The last accepted snapshot, or null when none was accepted yet. */
    DatasetSnapshot lastAccepted() throws IOException {
        if (!Files.exists(acceptedPointer())) {
            return null;
        }
        Object sha = Json.read(acceptedPointer()).get("sha256");
        if (!(sha instanceof String s) || !Files.exists(snapshots().resolve(s + ".csv"))) {
            return null;
        }
        return DatasetSnapshot.load(snapshots(), s);
    }
}
