package io.updraft.dag;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Persistence of DAGs and their versions. Thread-safe. */
public interface DagStore {

    /** A DAG as a load of the DAGs folder found it, with its file's source (stored with a new version). */
    record LoadedDag(DagRecord dag, String sourceCode) {
    }

    /**
     * Records a complete load of the DAGs folder in one transaction: each new or changed DAG row is written
     * ({@link #upsert}), each new definition gets a version ({@link #recordVersion}), every loaded DAG's
     * last_parsed_time becomes {@code parsedAt}, and every other DAG is marked stale ({@link #markStaleExcept}).
     * An unchanged DAG costs no write but its last_parsed_time, so reloading an unchanged folder is cheap.
     *
     * @return how many DAG rows were new or changed
     */
    int syncLoaded(List<LoadedDag> loaded, Instant parsedAt);

    /** Inserts or updates the DAG; an existing row keeps its is_paused (a reload never unpauses a DAG). */
    void upsert(DagRecord dag);

    /**
     * Records a version of the DAG's definition.
     *
     * @return the version number: the existing one when this hash was stored before, else the next number
     */
    int recordVersion(String dagId, String versionHash, String sourceCode, String fileloc);

    /** Versions of a DAG, oldest first. */
    List<DagVersion> versions(String dagId);

    Optional<DagRecord> find(String dagId);

    /** Ordered by dag id. */
    List<DagRecord> list(int limit, int offset);

    long count();

    /**
     * Deletes the DAG's row and its versions (Airflow's delete_dag; runs are deleted separately). A DAG whose file
     * is still in the folder comes back on the next load.
     *
     * @return false when there was no such DAG
     */
    boolean delete(String dagId);

    /** @return false when there is no such DAG */
    boolean setPaused(String dagId, boolean paused);

    /**
     * Marks every DAG not in {@code presentDagIds} as stale (its file is gone or no longer defines it).
     *
     * @return how many DAGs became stale
     */
    int markStaleExcept(Set<String> presentDagIds);
}
