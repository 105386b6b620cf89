package io.updraft.operator;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The services plugins may reach through {@code TaskContext.service(type)}: registered by type when Updraft is
 * wired (the model registry, DAG triggers). Thread-safe.
 */
public final class HostServices {

    private final Map<Class<?>, Object> services = new ConcurrentHashMap<>();

    public <T> void register(Class<T> type, T service) {
        services.put(type, type.cast(service));
    }

    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(services.get(type)).map(type::cast);
    }
}
