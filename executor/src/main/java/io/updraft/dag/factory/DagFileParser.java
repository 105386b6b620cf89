package io.updraft.dag.factory;

import io.updraft.dag.Dag;
import io.updraft.dag.ImportError;
import io.updraft.dag.LoadWarning;
import io.updraft.dag.OperatorCatalog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses one dag-factory YAML file into DAGs. As dag-factory 1.1.0 does, one DAG that cannot be built fails the
 * whole file: every error found in the file's DAGs is reported (each at its line), and none of its DAGs loads.
 * A file that holds no DAG at all (a data file next to the DAGs) is not an error: it gives a warning and no DAG.
 * Layers, lowest first: the defaults.yml hierarchy, the file's {@code default:} block, the DAG's own config.
 * Thread-safe: one instance can parse many files at once.
 */
final class DagFileParser {

    private static final Set<String> RESERVED_TOP_LEVEL_KEYS = Set.of("default", "task_groups");
    /** Airflow's KEY_REGEX and ID_LEN, for dag ids as for task ids. */
    private static final Pattern DAG_ID = Pattern.compile("[\\w.-]{1,250}");

    private final OperatorCatalog catalog;
    private final EnvironmentExpander expander;
    private final DefaultsFiles defaultsFiles;
    private final Clock clock;
    private final LoadLimits limits;

    /**
     * @param environment the variables {@code $VAR} expands to (usually {@code System.getenv()})
     * @param clock today's date for relative start dates ("2 days")
     */
    DagFileParser(OperatorCatalog catalog, Map<String, String> environment, Clock clock) {
        this(catalog, environment, clock, LoadLimits.DEFAULT);
    }

    DagFileParser(OperatorCatalog catalog, Map<String, String> environment, Clock clock, LoadLimits limits) {
        this.catalog = catalog;
        this.expander = new EnvironmentExpander(environment);
        this.limits = limits;
        this.defaultsFiles = new DefaultsFiles(expander, limits.maxFileBytes());
        this.clock = clock;
    }

    /**
     * @param root the loaded DAG folder: defaults.yml files are looked up from the file's folder up to it; null to
     *     use the file's own folder only
     */
    ParsedFile parse(Path file, Path root) {
        Path absolute = file.toAbsolutePath().normalize();
        String filename = absolute.toString();
        FileReport report = new FileReport(filename);
        YamlDocument document;
        Map<String, Object> defaults;
        try {
            String text = DagFileText.read(absolute, limits.maxFileBytes());
            document = new YamlDocumentReader().read(expander.expand(text, absolute.getParent()));
            if (!holdsDags(document)) {
                report.warnings.add(new LoadWarning(filename, null, null, "holds no DAG (no top-level key maps to a "
                        + "DAG config); read as a data file and not loaded"));
                return report.toParsedFile();
            }
            defaults = defaultsFiles.forDagFile(absolute, root);
        } catch (IOException e) {
            report.errors.add(new ImportError(filename, null, null, "cannot read file: " + e.getMessage()));
            return report.toParsedFile();
        } catch (YamlSyntaxException e) {
            report.errors.add(new ImportError(filename, e.line(), e.column(), e.getMessage()));
            return report.toParsedFile();
        } catch (ConfigException e) {
            report.errors.add(new ImportError(filename, null, null, e.getMessage()));
            return report.toParsedFile();
        }
        SourcePositions positions = document.positions();
        Map<String, Object> defaultBlock;
        try {
            defaultBlock = ConfigValues.map(document.root().get("default"), ConfigPath.of("default"));
        } catch (ConfigException e) {
            report.errors.add(report.importError(positions, e));
            return report.toParsedFile();
        }
        Path folder = root == null ? absolute.getParent() : root.toAbsolutePath().normalize();
        DagAssembler assembler = new DagAssembler(catalog, new DateValues(clock), filename, folder, limits);
        document.root().forEach((dagId, value) -> {
            if (!RESERVED_TOP_LEVEL_KEYS.contains(dagId)) {
                buildDag(dagId, value, defaults, defaultBlock, assembler, positions, report);
            }
        });
        report.failWholeFileOnError();
        return report.toParsedFile();
    }

    /**
     * Whether the file is meant to define DAGs: its top level is a mapping with a key other than {@code default}
     * whose value is a mapping, or empty (then reported as a DAG without config). An empty file holds none either.
     */
    private static boolean holdsDags(YamlDocument document) {
        return document.isMapping() && document.root().entrySet().stream()
                .filter(entry -> !RESERVED_TOP_LEVEL_KEYS.contains(entry.getKey()))
                .anyMatch(entry -> entry.getValue() == null || entry.getValue() instanceof Map<?, ?>);
    }

    private static void buildDag(String dagId, Object value, Map<String, Object> defaults,
                                 Map<String, Object> defaultBlock, DagAssembler assembler, SourcePositions positions,
                                 FileReport report) {
        ConfigWarnings warnings = new ConfigWarnings();
        SourcePosition dagPosition = positions.locate(List.of(dagId)).position();
        report.dagPositions.put(dagId, dagPosition);
        ConfigPath dagPath = ConfigPath.of(dagId);
        try {
            if (!DAG_ID.matcher(dagId).matches()) {
                throw new ConfigException(dagPath, "DAG id '" + dagId
                        + "' must be 1 to 250 letters, digits, '_', '-' or '.' (Airflow's rule for ids)");
            }
            if (value == null) {
                throw new ConfigException(dagPath, "the DAG has no config (the key '" + dagId
                        + "' has no value); dag-factory cannot build it");
            }
            Map<String, Object> own = ConfigValues.map(value, dagPath);
            Map<String, Object> config = ConfigMerger.deepMerge(ConfigMerger.deepMerge(defaults, defaultBlock), own);
            report.dags.add(assembler.assemble(dagId, config, warnings));
        } catch (ConfigException e) {
            report.errors.add(report.importError(positions, prefixed(dagId, e)));
        } catch (ConfigErrors.Failed e) {
            e.errors().forEach(error -> report.errors.add(report.importError(positions, prefixed(dagId, error))));
        } catch (RuntimeException e) {
            // a loader or catalog bug must cost this DAG only, and still be reported
            report.errors.add(new ImportError(report.filename, dagPosition == null ? null : dagPosition.line(),
                    dagPosition == null ? null : dagPosition.column(), "DAG '" + dagId + "': internal error: " + e));
        }
        for (ConfigWarnings.Entry warning : warnings.entries()) {
            SourcePosition position = report.position(positions, warning.path());
            report.warnings.add(new LoadWarning(report.filename, position == null ? null : position.line(), dagId,
                    warning.message()));
        }
    }

    private static ConfigException prefixed(String dagId, ConfigException e) {
        return new ConfigException(e.path(), "DAG '" + dagId + "': " + e.getMessage());
    }

    /** What one file gave so far. */
    private static final class FileReport {
        private final String filename;
        private final List<Dag> dags = new ArrayList<>();
        private final List<ImportError> errors = new ArrayList<>();
        private final List<LoadWarning> warnings = new ArrayList<>();
        private final Map<String, SourcePosition> dagPositions = new HashMap<>();

        FileReport(String filename) {
            this.filename = filename;
        }

        ImportError importError(SourcePositions positions, ConfigException e) {
            SourcePosition position = position(positions, e.path());
            return new ImportError(filename, position == null ? null : position.line(),
                    position == null ? null : position.column(), e.getMessage());
        }

        /**
         * Where a DAG's config path was written; a value the DAG inherited from the file's {@code default:} block
         * points there instead, when that gets closer to the key.
         */
        SourcePosition position(SourcePositions positions, ConfigPath path) {
            List<String> keys = path.keys();
            SourcePositions.Located inDag = positions.locate(keys);
            if (inDag.depth() == keys.size() || keys.isEmpty()) {
                return inDag.position();
            }
            List<String> inDefaultKeys = new ArrayList<>(keys);
            inDefaultKeys.set(0, "default");
            SourcePositions.Located inDefault = positions.locate(inDefaultKeys);
            return inDefault.depth() > inDag.depth() ? inDefault.position() : inDag.position();
        }

        /** dag-factory builds a file's DAGs in one go: one that fails, fails them all. */
        void failWholeFileOnError() {
            if (errors.isEmpty() || dags.isEmpty()) {
                return;
            }
            String others = String.join(", ", dags.stream().map(Dag::dagId).toList());
            errors.add(new ImportError(filename, null, null, "the file's other DAGs (" + others + ") are not loaded "
                    + "either: as dag-factory does, one DAG that fails fails its whole file"));
            dags.clear();
        }

        ParsedFile toParsedFile() {
            return new ParsedFile(filename, dags, errors, warnings, dagPositions);
        }
    }
}
