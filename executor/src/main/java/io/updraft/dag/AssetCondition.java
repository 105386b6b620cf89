package io.updraft.dag;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What an asset-scheduled DAG waits for, as Airflow 3's asset expressions: one asset, an alias (any asset the alias
 * has been attached to), all of several ({@code AssetAll}, a list, {@code __and__}) or any of several
 * ({@code AssetAny}, {@code __or__}). Immutable.
 */
public sealed interface AssetCondition {

    /** Whether the condition holds when exactly the assets {@code updated} accepts have new events. */
    boolean isSatisfied(Predicate<AssetRef> updated, Function<String, Set<AssetRef>> aliasTargets);

    /** Every asset named directly (not through an alias). */
    Set<AssetRef> assets();

    /** Every alias named. */
    Set<String> aliases();

    /** Airflow's {@code asset_expression} (the DAG details' field); {@code ids} adds the store's asset id. */
    Map<String, Object> expression(Function<AssetRef, Long> ids);

    /** A word for the DAG list, as Airflow's timetable summary of an asset schedule. */
    default String summary() {
        return "Asset";
    }

    record Single(AssetRef asset) implements AssetCondition {
        public boolean isSatisfied(Predicate<AssetRef> updated, Function<String, Set<AssetRef>> aliasTargets) {
            return updated.test(asset);
        }

        public Set<AssetRef> assets() {
            return Set.of(asset);
        }

        public Set<String> aliases() {
            return Set.of();
        }

        public Map<String, Object> expression(Function<AssetRef, Long> ids) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("uri", asset.uri());
            body.put("name", asset.name());
            body.put("group", asset.group());
            Long id = ids.apply(asset);
            if (id != null) {
                body.put("id", id);
            }
            return Map.of("asset", body);
        }
    }

    record Alias(String name, String group) implements AssetCondition {
        public boolean isSatisfied(Predicate<AssetRef> updated, Function<String, Set<AssetRef>> aliasTargets) {
            return aliasTargets.apply(name).stream().anyMatch(updated);
        }

        public Set<AssetRef> assets() {
            return Set.of();
        }

        public Set<String> aliases() {
            return Set.of(name);
        }

        public Map<String, Object> expression(Function<AssetRef, Long> ids) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("group", group);
            return Map.of("alias", body);
        }
    }

    record All(List<AssetCondition> parts) implements AssetCondition {
        public All {
            parts = List.copyOf(parts);
        }

        public boolean isSatisfied(Predicate<AssetRef> updated, Function<String, Set<AssetRef>> aliasTargets) {
            return parts.stream().allMatch(part -> part.isSatisfied(updated, aliasTargets));
        }

        public Set<AssetRef> assets() {
            return union(parts, AssetCondition::assets);
        }

        public Set<String> aliases() {
            return union(parts, AssetCondition::aliases);
        }

        public Map<String, Object> expression(Function<AssetRef, Long> ids) {
            return Map.of("all", parts.stream().map(part -> part.expression(ids)).toList());
        }
    }

    record Any(List<AssetCondition> parts) implements AssetCondition {
        public Any {
            parts = List.copyOf(parts);
        }

        public boolean isSatisfied(Predicate<AssetRef> updated, Function<String, Set<AssetRef>> aliasTargets) {
            return parts.stream().anyMatch(part -> part.isSatisfied(updated, aliasTargets));
        }

        public Set<AssetRef> assets() {
            return union(parts, AssetCondition::assets);
        }

        public Set<String> aliases() {
            return union(parts, AssetCondition::aliases);
        }

        public Map<String, Object> expression(Function<AssetRef, Long> ids) {
            return Map.of("any", parts.stream().map(part -> part.expression(ids)).toList());
        }
    }

    private static <T> Set<T> union(List<AssetCondition> parts, Function<AssetCondition, Set<T>> of) {
        Set<T> all = new LinkedHashSet<>();
        parts.forEach(part -> all.addAll(of.apply(part)));
        return java.util.Collections.unmodifiableSet(all);
    }
}
