package io.updraft.api.model;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Loads model artifacts of one format into {@link Scorer}s, so a host can serve models it cannot compile against.
 * Found with {@link java.util.ServiceLoader}: list the class in
 * {@code META-INF/services/io.updraft.api.model.ModelFormat}. Implementations must be thread-safe.
 */
public interface ModelFormat {

    /** The name stored with each model version ({@link ModelVersion#format()}). */
    String name();

    Scorer load(Path artifact) throws IOException;
}
