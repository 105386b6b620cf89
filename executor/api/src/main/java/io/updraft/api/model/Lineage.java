package io.updraft.api.model;

/**
 * What made a model version: the data version (SHA-256 of the training snapshot), the DAG, its version (content
 * hash of the DAG definition) and run, the task that trained it, the version of the plugin code, and the SHA-256
 * of the feature artifact it was trained on (null when it was trained on features computed in the task).
 */
public record Lineage(String dataSha256, String dagId, String dagVersion, String runId, String taskId,
        String codeVersion, String featuresSha256) {

    /** Lineage without a feature artifact. */
    public Lineage(String dataSha256, String dagId, String dagVersion, String runId, String taskId,
            String codeVersion) {
        this(dataSha256, dagId, dagVersion, runId, taskId, codeVersion, null);
    }
}
