package io.updraft.dag.factory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code defaults.yml} / {@code defaults.yaml} hierarchy: from a DAG file's folder up to the loaded root, each
 * folder may hold one ({@code .yml} preferred), and the nearest wins. Each folder is read once and cached, so one
 * instance should serve a whole folder load. Thread-safe.
 */
final class DefaultsFiles {

    static final List<String> FILE_NAMES = List.of("defaults.yml", "defaults.yaml");

    /** A parsed defaults file, or the reason it could not be read. */
    private record Loaded(Map<String, Object> config, String problem) {
    }

    private final EnvironmentExpander expander;
    private final long maxBytes;
    private final Map<Path, Optional<Loaded>> byFolder = new ConcurrentHashMap<>();

    DefaultsFiles(EnvironmentExpander expander, long maxBytes) {
        this.expander = expander;
        this.maxBytes = maxBytes;
    }

    static boolean isDefaultsFile(Path file) {
        return FILE_NAMES.contains(file.getFileName().toString());
    }

    /**
     * The layered defaults for a DAG file.
     *
     * @param root the loaded folder; null to look in the file's own folder only
     * @throws ConfigException when one of the defaults files is broken: the DAG file cannot be built as intended
     */
    Map<String, Object> forDagFile(Path dagFile, Path root) {
        Path folder = dagFile.toAbsolutePath().normalize().getParent();
        Path top = root == null ? folder : root.toAbsolutePath().normalize();
        List<Map<String, Object>> nearestFirst = new ArrayList<>();
        for (Path dir = folder; dir != null && dir.startsWith(top); dir = dir.getParent()) {
            Optional<Loaded> loaded = byFolder.computeIfAbsent(dir, this::read);
            if (loaded.isPresent()) {
                if (loaded.get().problem() != null) {
                    throw new ConfigException(ConfigPath.of(), loaded.get().problem());
                }
                nearestFirst.add(loaded.get().config());
            }
        }
        Collections.reverse(nearestFirst);
        return ConfigMerger.layerDefaultsFiles(nearestFirst);
    }

    private Optional<Loaded> read(Path folder) {
        for (String name : FILE_NAMES) {
            Path file = folder.resolve(name);
            if (Files.isRegularFile(file)) {
                return Optional.of(parse(file));
            }
        }
        return Optional.empty();
    }

    private Loaded parse(Path file) {
        try {
            String text = expander.expand(DagFileText.read(file, maxBytes), file.getParent());
            YamlDocument document = new YamlDocumentReader().read(text);
            if (!document.isMapping()) {
                return new Loaded(null, "defaults file " + file + ": the top level must be a mapping");
            }
            return new Loaded(document.root(), null);
        } catch (YamlSyntaxException e) {
            String where = e.line() == null ? "" : ":" + e.line() + ":" + e.column();
            return new Loaded(null, "defaults file " + file + where + ": " + e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            return new Loaded(null, "defaults file " + file + " cannot be read: " + e.getMessage());
        }
    }
}
