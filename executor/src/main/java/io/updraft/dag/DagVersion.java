package io.updraft.dag;

import java.time.Instant;

/** One distinct definition of a DAG (Airflow 3's dag_version), numbered 1, 2, 3… per DAG. */
public record DagVersion(
        long id, String dagId, int versionNumber, String versionHash, String sourceCode, String fileloc,
        Instant createdAt) {
}
