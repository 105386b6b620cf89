package io.updraft.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One registered version of a model.
 *
 * @param version 1, 2, ... per model name, in registration order
 * @param status {@link #CANDIDATE}, {@link #REJECTED}, {@link #PRODUCTION} or {@link #ARCHIVED}
 * @param format the {@link ModelFormat#name()} that loads {@code artifactPath}
 * @param metrics held-out metrics (JSON object)
 * @param validation the validation gate's decision and statistics (JSON object)
 * @param provenanceJson the training library's own provenance record (JSON text), or null
 * @param aliases the aliases pointing at this version now ({@code champion}, {@code challenger})
 * @param artifactPath the registry's own copy of the artifact (see {@link ModelRegistry#register})
 * @param artifactSha256 the {@link ArtifactDigest} of that copy at registration, checked before serving (null for
 *     versions registered before the registry kept copies)
 * @param sourcePath where the artifact was copied from (the training task's folder)
 * @param artifactPrunedAt when the registry deleted its copy by the retention policy (null while it is kept)
 */
public record ModelVersion(String name, int version, String status, String format, String artifactPath,
        String algorithm, Map<String, Object> metrics, Map<String, Object> validation, Lineage lineage,
        String provenanceJson, Instant createdAt, List<String> aliases, String artifactSha256, String sourcePath,
        Instant artifactPrunedAt) {

    /** A version whose artifact was never pruned. */
    public ModelVersion(String name, int version, String status, String format, String artifactPath,
            String algorithm, Map<String, Object> metrics, Map<String, Object> validation, Lineage lineage,
            String provenanceJson, Instant createdAt, List<String> aliases, String artifactSha256, String sourcePath) {
        this(name, version, status, format, artifactPath, algorithm, metrics, validation, lineage, provenanceJson,
                createdAt, aliases, artifactSha256, sourcePath, null);
    }

    /** A version without a recorded artifact digest. */
    public ModelVersion(String name, int version, String status, String format, String artifactPath,
            String algorithm, Map<String, Object> metrics, Map<String, Object> validation, Lineage lineage,
            String provenanceJson, Instant createdAt, List<String> aliases) {
        this(name, version, status, format, artifactPath, algorithm, metrics, validation, lineage, provenanceJson,
                createdAt, aliases, null, null, null);
    }

    /** Registered and not (yet) promoted. */
    public static final String CANDIDATE = "candidate";
    /** Registered but refused by the validation gate. */
    public static final String REJECTED = "rejected";
    /** The champion: what predictions are served by. */
    public static final String PRODUCTION = "production";
    /** A former champion. */
    public static final String ARCHIVED = "archived";

    public static final String CHAMPION = "champion";
    public static final String CHALLENGER = "challenger";
}
