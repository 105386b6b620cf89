package io.updraft.rest.v2;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.updraft.rest.Dates;
import io.updraft.store.DagVersion;

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
        return new DagVersionResponse(String.valueOf(version.id()), version.versionNumber(), version.dagId(),
                "dags-folder", null, Dates.iso(version.createdAt()), displayName, null);
    }
}
