package io.updraft.dag.factory;

import io.updraft.dag.DagBag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

/** A DAG folder in a temp dir for tests: write YAML files into it, then load it with a fixed clock. */
final class DagFolder {

    /** "Now" for relative start dates: 2025-06-15T10:30:00Z. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-06-15T10:30:00Z"), ZoneOffset.UTC);

    private final Path root;
    private Map<String, String> environment = Map.of();

    DagFolder(Path root) {
        this.root = root;
    }

    Path root() {
        return root;
    }

    DagFolder environment(Map<String, String> value) {
        this.environment = value;
        return this;
    }

    Path write(String relativePath, String text) {
        Path file = root.resolve(relativePath);
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    DagBag load() {
        return new DagFolderLoader(new TestOperatorCatalog(), environment, CLOCK, 2).load(root);
    }

    ParsedFile parse(String relativePath) {
        return new DagFileParser(new TestOperatorCatalog(), environment, CLOCK).parse(root.resolve(relativePath), root);
    }

    /** The 1-based line of the first line of {@code text} containing {@code snippet}. */
    static int lineOf(String text, String snippet) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].contains(snippet)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no line contains " + snippet);
    }
}
