package io.updraft.dag.factory;

import io.updraft.dag.Dag;
import io.updraft.dag.DagBag;
import io.updraft.dag.ImportError;
import io.updraft.dag.LoadWarning;
import io.updraft.dag.OperatorCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Loads every dag-factory YAML file under a folder: recursively, honouring {@code .airflowignore}, skipping
 * {@code defaults.yml} files (they are defaults, not DAGs), parsing files in parallel. Symlinks are followed while
 * they stay inside the folder; a file or folder resolving outside it is an import error and is not read (unless
 * {@link LoadLimits#allowOutsideFolder()}). A bad file never stops the others; a dag_id already defined by an
 * earlier file (in path order) is an import error on the later one.
 */
public final class DagFolderLoader {

    private final OperatorCatalog catalog;
    private final Map<String, String> environment;
    private final Clock clock;
    private final int threads;
    private final LoadLimits limits;

    public DagFolderLoader(OperatorCatalog catalog, Map<String, String> environment, Clock clock, int threads) {
        this(catalog, environment, clock, threads, LoadLimits.DEFAULT);
    }

    public DagFolderLoader(OperatorCatalog catalog, Map<String, String> environment, Clock clock, int threads,
                           LoadLimits limits) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.catalog = catalog;
        this.environment = Map.copyOf(environment);
        this.clock = clock;
        this.threads = threads;
        this.limits = limits;
    }

    /** Loads with the process environment, the system clock and one thread per core. */
    public static DagBag load(Path folder, OperatorCatalog catalog) {
        return new DagFolderLoader(catalog, System.getenv(), Clock.systemUTC(),
                Runtime.getRuntime().availableProcessors(), LoadLimits.fromEnvironment(System.getenv())).load(folder);
    }

    public DagBag load(Path folder) {
        Path root = folder.toAbsolutePath().normalize();
        List<Path> files = new ArrayList<>();
        List<ImportError> refused = new ArrayList<>();
        Path realRoot = realPath(root);
        collect(root, realRoot, AirflowIgnore.none(), new HashSet<>(), files, refused);
        files.sort(Comparator.comparing(Path::toString));
        List<ParsedFile> parsed = new ArrayList<>(parseAll(files, root));
        refused.forEach(error -> parsed.add(new ParsedFile(error.filename(), List.of(), List.of(error), List.of(),
                Map.of())));
        return merge(parsed);
    }

    private static Path realPath(Path root) {
        try {
            return root.toRealPath();
        } catch (IOException e) {
            return root;
        }
    }

    private void collect(Path folder, Path realRoot, AirflowIgnore ignore, Set<Path> visited, List<Path> files,
                         List<ImportError> refused) {
        try {
            // a symlink pointing back up the tree would otherwise be walked forever
            if (!visited.add(folder.toRealPath())) {
                return;
            }
            AirflowIgnore rules = ignore.withRulesOf(folder);
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(folder)) {
                for (Path entry : entries) {
                    boolean directory = Files.isDirectory(entry);
                    if (rules.ignores(entry, directory) || !(directory || isDagFile(entry))
                            || refusedOutside(entry, realRoot, directory, refused)) {
                        continue;
                    }
                    if (directory) {
                        collect(entry, realRoot, rules, visited, files, refused);
                    } else {
                        files.add(entry);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list DAG folder " + folder, e);
        }
    }

    /** A symlink resolving outside the DAGs folder (or nowhere) is refused with an import error saying why. */
    private boolean refusedOutside(Path entry, Path realRoot, boolean directory, List<ImportError> refused) {
        if (!Files.isSymbolicLink(entry)) {
            return false;
        }
        String name = entry.toAbsolutePath().normalize().toString();
        Path real;
        try {
            real = entry.toRealPath();
        } catch (IOException e) {
            if (isYamlName(entry)) {
                refused.add(new ImportError(name, null, null, "a symbolic link to a file that does not exist"));
            }
            return true;
        }
        if (limits.allowOutsideFolder() || real.startsWith(realRoot)) {
            return false;
        }
        refused.add(new ImportError(name, null, null, "a symbolic link to " + real + (directory ? " (a folder)" : "")
                + ", outside the DAGs folder " + realRoot + "; not read (UPDRAFT_DAGS_ALLOW_OUTSIDE_FOLDER=true "
                + "allows it)"));
        return true;
    }

    private static boolean isYamlName(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yml") || name.endsWith(".yaml");
    }

    private static boolean isDagFile(Path file) {
        return isYamlName(file) && !DefaultsFiles.isDefaultsFile(file)
                && (Files.isRegularFile(file) || Files.isSymbolicLink(file));
    }

    private List<ParsedFile> parseAll(List<Path> files, Path root) {
        DagFileParser parser = new DagFileParser(catalog, environment, clock, limits);
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, files.size())));
        try {
            List<Future<ParsedFile>> futures = new ArrayList<>(files.size());
            files.forEach(file -> futures.add(pool.submit(() -> parser.parse(file, root))));
            List<ParsedFile> parsed = new ArrayList<>(files.size());
            for (int i = 0; i < files.size(); i++) {
                parsed.add(result(futures.get(i), files.get(i)));
            }
            return parsed;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading DAG files", e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** A file whose parsing failed unexpectedly is one import error; the other files are unaffected. */
    private static ParsedFile result(Future<ParsedFile> future, Path file) throws InterruptedException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            String filename = file.toAbsolutePath().normalize().toString();
            ImportError error = new ImportError(filename, null, null, "internal error: " + e.getCause());
            return new ParsedFile(filename, List.of(), List.of(error), List.of(), Map.of());
        }
    }

    /** Joins the files' results in path order; a dag_id seen before is an import error on the later file. */
    private static DagBag merge(List<ParsedFile> parsedFiles) {
        List<Dag> dags = new ArrayList<>();
        List<ImportError> errors = new ArrayList<>();
        List<LoadWarning> warnings = new ArrayList<>();
        Map<String, String> fileOfDag = new HashMap<>();
        for (ParsedFile parsed : parsedFiles) {
            errors.addAll(parsed.importErrors());
            warnings.addAll(parsed.warnings());
            for (Dag dag : parsed.dags()) {
                String first = fileOfDag.putIfAbsent(dag.dagId(), parsed.filename());
                if (first == null) {
                    dags.add(dag);
                } else {
                    SourcePosition position = parsed.dagPositions().get(dag.dagId());
                    errors.add(new ImportError(parsed.filename(), position.line(), position.column(),
                            "DAG '" + dag.dagId() + "' is already defined in " + first + "; " + parsed.filename()
                                    + " defines it again"));
                }
            }
        }
        return new DagBag(dags, errors, warnings);
    }
}
