package io.updraft.api.model;

import java.time.Instant;

/**
 * A move of an alias: {@code action} is {@code promote}, {@code rollback} or {@code set}; {@code previousVersion}
 * is where the alias pointed before (null when it was unset).
 */
public record AliasChange(String name, String alias, int version, Integer previousVersion, String action,
        String actor, Instant changedAt) {
}
