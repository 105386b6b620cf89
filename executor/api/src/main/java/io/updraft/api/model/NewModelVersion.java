package io.updraft.api.model;

import java.util.Map;

/** What a plugin hands to {@link ModelRegistry#register}; the registry adds the version number and the time. */
public record NewModelVersion(String name, String format, String artifactPath, String algorithm,
        Map<String, Object> metrics, Map<String, Object> validation, Lineage lineage, String provenanceJson,
        boolean rejected) {
}
