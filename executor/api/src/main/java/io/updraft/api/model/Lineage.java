package io.updraft.api.model;

/**
 * What made a model version: the data version (SHA-256 of the training snapshot), the DAG, its version (content
 * hash of the DAG definition) and run, the task that trained it, and the version of the plugin code.
 */
public record Lineage(String dataSha256, String dagId, String dagVersion, String runId, String taskId,
        String codeVersion) {
}
