package io.updraft.dag.factory;

import io.updraft.UpdraftException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects the errors found while building one DAG, so a file's author sees every mistake in one pass rather than
 * one per save. A part that fails is left out and the rest is still checked. Not thread-safe.
 */
final class ConfigErrors {

    /** Several errors of one DAG, each naming its key. */
    static final class Failed extends UpdraftException {
        private final List<ConfigException> errors;

        Failed(List<ConfigException> errors) {
            super(errors.get(0).getMessage());
            this.errors = List.copyOf(errors);
        }

        List<ConfigException> errors() {
            return errors;
        }
    }

    private final List<ConfigException> errors = new ArrayList<>();

    /** Runs {@code part}; an error it throws is recorded and false returned. */
    boolean attempt(Runnable part) {
        return attempt(() -> {
            part.run();
            return true;
        }, false);
    }

    /** The value {@code part} gives, or {@code fallback} when it fails (the error is recorded). */
    <T> T attempt(Supplier<T> part, T fallback) {
        try {
            return part.get();
        } catch (ConfigException e) {
            errors.add(e);
            return fallback;
        } catch (Failed e) {
            errors.addAll(e.errors());
            return fallback;
        }
    }

    void add(ConfigException error) {
        errors.add(error);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** @throws Failed when any error was recorded */
    void throwIfAny() {
        if (!errors.isEmpty()) {
            throw new Failed(errors);
        }
    }
}
