package io.updraft.dag;

/**
 * Something in a DAG file that was loaded but ignored or is questionable (an unknown key, a deprecated spelling).
 *
 * @param filename absolute path of the DAG file
 * @param line 1-based line of the key concerned; null when unknown
 * @param dagId the DAG concerned; null for file-level warnings
 */
public record LoadWarning(String filename, Integer line, String dagId, String message) {
}
