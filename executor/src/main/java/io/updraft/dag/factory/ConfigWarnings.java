package io.updraft.dag.factory;

import java.util.ArrayList;
import java.util.List;

/** Warnings gathered while building one DAG, each with the key it is about. Not thread-safe. */
final class ConfigWarnings {

    record Entry(ConfigPath path, String message) {
    }

    private final List<Entry> entries = new ArrayList<>();

    void add(ConfigPath path, String message) {
        entries.add(new Entry(path, message));
    }

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    List<String> messages() {
        return entries.stream().map(Entry::message).toList();
    }
}
