package io.updraft.dag.factory;

import java.util.Map;

/**
 * What the loader refuses to read from the DAGs folder.
 *
 * @param maxFileBytes a bigger DAG or defaults file is an import error, refused from its size without being read
 * @param allowOutsideFolder read files and folders that resolve (through symlinks, or an absolute
 *     {@code doc_md_file_path}) outside the DAGs folder; off by default, so a link cannot publish
 *     {@code /etc/shadow} as a DAG source or doc
 */
public record LoadLimits(long maxFileBytes, boolean allowOutsideFolder) {

    static final LoadLimits DEFAULT = new LoadLimits(DagFileText.DEFAULT_MAX_BYTES, false);

    public LoadLimits {
        if (maxFileBytes < 1) {
            throw new IllegalArgumentException("maxFileBytes must be positive, not " + maxFileBytes);
        }
    }

    /** From {@code UPDRAFT_DAGS_MAX_FILE_BYTES} and {@code UPDRAFT_DAGS_ALLOW_OUTSIDE_FOLDER} (true/false). */
    public static LoadLimits fromEnvironment(Map<String, String> environment) {
        String max = environment.get("UPDRAFT_DAGS_MAX_FILE_BYTES");
        String outside = environment.get("UPDRAFT_DAGS_ALLOW_OUTSIDE_FOLDER");
        long maxBytes;
        try {
            maxBytes = max == null || max.isBlank() ? DEFAULT.maxFileBytes() : Long.parseLong(max.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("UPDRAFT_DAGS_MAX_FILE_BYTES must be a number of bytes, not '"
                    + max + "'", e);
        }
        return new LoadLimits(maxBytes, outside != null && Boolean.parseBoolean(outside.trim()));
    }
}
