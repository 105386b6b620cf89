package io.updraft.app;

import io.updraft.dag.Dag;
import io.updraft.dag.DagBag;
import io.updraft.dag.DagFolderLoader;
import io.updraft.dag.ImportError;
import io.updraft.store.DagRecord;
import io.updraft.store.DagStore;
import io.updraft.store.ImportErrorRecord;
import io.updraft.store.ImportErrorStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The DAGs currently loaded from the DAGs folder, and their record in the store: one row per DAG, one version per
 * distinct definition (with the file's source), the import errors of the last load, and DAGs whose file is gone
 * marked stale. Thread-safe.
 */
final class DagCatalog {

    private final DagFolderLoader loader;
    private final DagStore dags;
    private final ImportErrorStore importErrors;
    private final Map<String, Dag> current = new ConcurrentHashMap<>();
    private volatile Set<String> filesWithImportErrors = Set.of();

    DagCatalog(DagFolderLoader loader, DagStore dags, ImportErrorStore importErrors) {
        this.loader = loader;
        this.dags = dags;
        this.importErrors = importErrors;
    }

    synchronized DagBag load(Path folder) {
        DagBag bag = loader.load(folder);
        Instant now = Instant.now();
        Map<String, String> sources = new HashMap<>();
        List<DagStore.LoadedDag> loaded = bag.dags().stream().map(dag -> new DagStore.LoadedDag(record(dag, now),
                sources.computeIfAbsent(dag.fileloc(), DagCatalog::read))).toList();
        dags.syncLoaded(loaded, now);
        Map<String, Dag> byId = bag.dags().stream().collect(Collectors.toMap(Dag::dagId, dag -> dag,
                (first, second) -> second));
        current.putAll(byId);
        current.keySet().retainAll(byId.keySet());
        importErrors.replaceAll(bag.importErrors().stream().map(error -> record(error, now)).toList());
        filesWithImportErrors = bag.importErrors().stream().map(ImportError::filename)
                .collect(Collectors.toUnmodifiableSet());
        return bag;
    }

    /** Whether the file failed to load, in whole or in part, at the last load. */
    boolean hasImportErrors(String file) {
        return filesWithImportErrors.contains(file);
    }

    Optional<Dag> find(String dagId) {
        return Optional.ofNullable(current.get(dagId));
    }

    List<Dag> all() {
        return List.copyOf(current.values());
    }

    private static DagRecord record(Dag dag, Instant now) {
        // Airflow's [core] dags_are_paused_at_creation defaults to True
        boolean paused = dag.isPausedUponCreation() == null || dag.isPausedUponCreation();
        return new DagRecord(dag.dagId(), dag.fileloc(), dag.displayName(), dag.description(), paused, false,
                String.join(",", dag.owners()), dag.tags(), dag.schedule().text(), dag.maxActiveRuns(),
                dag.maxActiveTasks(), false, now, null, null, null, null, dag.versionHash());
    }

    private static ImportErrorRecord record(ImportError error, Instant now) {
        return new ImportErrorRecord(0, now, error.filename(), error.stackTrace());
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read DAG file " + file, e);
        }
    }
}
