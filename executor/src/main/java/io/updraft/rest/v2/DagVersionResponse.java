package io.updraft.rest.v2;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.updraft.rest.Dates;
import io.updraft.dag.DagVersion;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Airflow 3's {@code DagVersionResponse}; Updraft reads DAGs from a local folder, with no bundle versioning. */
public record DagVersionResponse(
        @JsonProperty("id") String id,
        @JsonProperty("version_number") int versionNumber,
        @JsonProperty("dag_id") String dagId,
        @JsonProperty("bundle_name") String bundleName,
        @JsonProperty("bundle_version") String bundleVersion,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("dag_display_name") String dagDisplayName,
        @JsonProperty("bundle_url") String bundleUrl) {

    static DagVersionResponse of(DagVersion version, String displayName) {
        return new DagVersionResponse(uuid(version).toString(), version.versionNumber(), version.dagId(),
                "dags-folder", null, Dates.iso(version.createdAt()), displayName, null);
    }

    /** Airflow's version ids are UUIDs (clients check); ours is derived from the DAG and its version number. */
    static UUID uuid(DagVersion version) {
        return UUID.nameUUIDFromBytes(("dag_version:" + version.dagId() + ":" + version.versionNumber())
                .getBytes(StandardCharsets.UTF_8));
    }
}
