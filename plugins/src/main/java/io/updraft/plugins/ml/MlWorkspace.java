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
