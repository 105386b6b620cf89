package io.updraft.app;

import io.updraft.dag.Dag;
import io.updraft.dag.DagBag;
import io.updraft.dag.factory.DagFolderLoader;
import io.updraft.dag.ImportError;
import io.updraft.dag.LoadWarning;
import io.updraft.dag.DagRecord;
import io.updraft.dag.DagStore;
import io.updraft.dag.DagWarningRecord;
import io.updraft.dag.DagWarningStore;
import io.updraft.dag.ImportErrorRecord;
import io.updraft.dag.ImportErrorStore;
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

    /**
     * The {@code warning_type} of the loader's warnings. Airflow 3.3's enum has only "asset conflict",
     * "non-existent pool" and "runtime varying value", none of which says "the DAG file has a key that is ignored".
     */
    static final String DAG_CONFIG_WARNING = "dag config";

    private final DagFolderLoader loader;
    private final DagStore dags;
    private final ImportErrorStore importErrors;
    private final DagWarningStore warnings;
    private final Map<String, Dag> current = new ConcurrentHashMap<>();
    private volatile Set<String> filesWithImportErrors = Set.of();
    /** The warnings last stored, so an unchanged folder costs no write (and keeps their timestamps). */
    private List<LoadWarning> storedWarnings;

    DagCatalog(DagFolderLoader loader, DagStore dags, ImportErrorStore importErrors, DagWarningStore warnings) {
        this.loader = loader;
        this.dags = dags;
        this.importErrors = importErrors;
        this.warnings = warnings;
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
        importErrors.replaceAll(records(bag.importErrors(), now));
        filesWithImportErrors = bag.importErrors().stream().map(ImportError::filename)
                .collect(Collectors.toUnmodifiableSet());
        // file-level warnings (a data file) have no DAG to hang on; the CLI and the log show them
        List<LoadWarning> dagWarnings = bag.warnings().stream().filter(warning -> warning.dagId() != null).toList();
        if (!dagWarnings.equals(storedWarnings)) {
            warnings.replaceAll(dagWarnings.stream().map(warning -> new DagWarningRecord(0, warning.dagId(),
                    DAG_CONFIG_WARNING, warning.message(), now, warning.filename(), warning.line(), null)).toList());
            storedWarnings = dagWarnings;
        }
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

    /** One record per file, as Airflow keeps them: its stack trace lists every error found in the file, a line each. */
    private static List<ImportErrorRecord> records(List<ImportError> errors, Instant now) {
        Map<String, List<String>> byFile = new java.util.LinkedHashMap<>();
        errors.forEach(error -> byFile.computeIfAbsent(error.filename(), file -> new java.util.ArrayList<>())
                .add(error.stackTrace()));
        return byFile.entrySet().stream().map(entry -> new ImportErrorRecord(0, now, entry.getKey(),
                String.join("\n", entry.getValue()))).toList();
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read DAG file " + file, e);
        }
    }
}
