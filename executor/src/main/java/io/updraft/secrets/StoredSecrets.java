package io.updraft.secrets;

import io.updraft.json.Json;
import io.updraft.config.Connection;
import io.updraft.config.ConnectionStore;
import io.updraft.config.Variable;
import io.updraft.config.VariableStore;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The secrets of a store, for {@link SecretsMasker#addSource}: every connection's password and the values of
 * sensitive keys in its extra, and the values of variables whose key is sensitive. Read again at most once per
 * {@code maxAge} millis, so a secret written by another process is masked here soon after. Thread-safe.
 */
public final class StoredSecrets implements Supplier<Set<String>> {

    private static final Logger LOG = LoggerFactory.getLogger(StoredSecrets.class);

    private final ConnectionStore connections;
    private final VariableStore variables;
    private final long maxAgeNanos;
    private volatile Set<String> secrets = Set.of();
    private volatile long readAt;
    private volatile boolean read;

    public StoredSecrets(ConnectionStore connections, VariableStore variables, long maxAgeMillis) {
        this.connections = connections;
        this.variables = variables;
        this.maxAgeNanos = maxAgeMillis * 1_000_000L;
    }

    @Override
    public Set<String> get() {
        if (!read || System.nanoTime() - readAt > maxAgeNanos) {
            refresh();
        }
        return secrets;
    }

    /** Reads the store now (after a write through this process). */
    public synchronized void refresh() {
        Set<String> found = new HashSet<>();
        try {
            for (Connection connection : connections.list(Integer.MAX_VALUE, 0)) {
                if (connection.password() != null) {
                    found.add(connection.password());
                }
                collectSensitive(extraOf(connection), null, false, found);
            }
            for (Variable variable : variables.list(Integer.MAX_VALUE, 0)) {
                if (variable.value() != null && SensitiveNames.isSensitive(variable.key())) {
                    found.add(variable.value());
                }
            }
        } catch (RuntimeException e) {
            // keep what was known: a store that cannot be read now must not stop logs or responses
            LOG.warn("Could not read the stored secrets to mask: {}", e.toString());
            readAt = System.nanoTime();
            read = true;
            return;
        }
        if (!found.equals(secrets)) {
            secrets = Set.copyOf(found);
        }
        readAt = System.nanoTime();
        read = true;
    }

    private static Object extraOf(Connection connection) {
        if (connection.extra() == null || connection.extra().isBlank()) {
            return null;
        }
        try {
            return Json.read(connection.extra());
        } catch (IllegalArgumentException notJson) {
            return null;
        }
    }

    /** The strings under sensitive keys, at any depth. */
    private static void collectSensitive(Object value, String name, boolean underSensitive, Set<String> found) {
        boolean sensitive = underSensitive || SensitiveNames.isSensitive(name);
        if (value instanceof Map<?, ?> map) {
            map.forEach((key, item) -> collectSensitive(item, String.valueOf(key), sensitive, found));
        } else if (value instanceof Iterable<?> items) {
            items.forEach(item -> collectSensitive(item, name, sensitive, found));
        } else if (value instanceof String text && sensitive) {
            found.add(text);
        }
    }
}
