package io.updraft.asset;

import io.updraft.dag.AssetCondition;
import io.updraft.dag.AssetRef;
import io.updraft.dag.Dag;
import io.updraft.dag.DagAssets;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Who names which asset among the loaded DAGs: the DAGs scheduled on it (directly or through an alias), the tasks
 * that update it (outlets) and read it (inlets). Rebuilt at each load of the DAGs folder; immutable.
 */
public final class AssetGraph {

    /** A task of a DAG. */
    public record TaskRef(String dagId, String taskId) {
    }

    public static final AssetGraph EMPTY = new AssetGraph(List.of());

    private final Map<String, AssetRef> assets = new LinkedHashMap<>();
    private final Map<String, String> aliasGroups = new LinkedHashMap<>();
    private final Map<String, Set<String>> scheduledDags = new LinkedHashMap<>();
    private final Map<String, Set<String>> aliasScheduledDags = new LinkedHashMap<>();
    private final Map<String, Set<TaskRef>> producers = new LinkedHashMap<>();
    private final Map<String, Set<TaskRef>> consumers = new LinkedHashMap<>();
    private final Map<String, AssetCondition> conditions = new LinkedHashMap<>();

    public AssetGraph(Collection<Dag> dags) {
        for (Dag dag : dags) {
            DagAssets named = dag.assets();
            if (named.schedule() != null) {
                conditions.put(dag.dagId(), named.schedule());
                named.schedule().assets().forEach(asset -> add(asset, scheduledDags, dag.dagId()));
                collectAliases(named.schedule(), dag.dagId());
            }
            named.tasks().forEach((taskId, task) -> {
                TaskRef ref = new TaskRef(dag.dagId(), taskId);
                task.outlets().forEach(asset -> add(asset, producers, ref));
                task.inlets().forEach(asset -> add(asset, consumers, ref));
                task.outletAliases().forEach(alias -> aliasGroups.putIfAbsent(alias, AssetRef.DEFAULT_GROUP));
            });
        }
    }

    private void collectAliases(AssetCondition condition, String dagId) {
        if (condition instanceof AssetCondition.Alias alias) {
            aliasGroups.putIfAbsent(alias.name(), alias.group());
            aliasScheduledDags.computeIfAbsent(alias.name(), key -> new LinkedHashSet<>()).add(dagId);
        } else if (condition instanceof AssetCondition.All all) {
            all.parts().forEach(part -> collectAliases(part, dagId));
        } else if (condition instanceof AssetCondition.Any any) {
            any.parts().forEach(part -> collectAliases(part, dagId));
        }
    }

    private <T> void add(AssetRef asset, Map<String, Set<T>> index, T value) {
        assets.putIfAbsent(asset.key(), asset);
        index.computeIfAbsent(asset.key(), key -> new LinkedHashSet<>()).add(value);
    }

    /** Every asset a loaded DAG names. */
    public Collection<AssetRef> assets() {
        return assets.values();
    }

    /** Every alias a loaded DAG names, with its group. */
    public Map<String, String> aliases() {
        return aliasGroups;
    }

    /** The DAGs scheduled on the asset, directly or through one of {@code aliases}. */
    public Set<String> scheduledDags(AssetRef asset, Collection<String> aliases) {
        Set<String> dags = new LinkedHashSet<>(scheduledDags.getOrDefault(asset.key(), Set.of()));
        aliases.forEach(alias -> dags.addAll(aliasScheduledDags.getOrDefault(alias, Set.of())));
        return dags;
    }

    public Set<String> scheduledDags(String name, String uri) {
        return scheduledDags.getOrDefault(name + "\u0000" + uri, Set.of());
    }

    public Set<TaskRef> producers(String name, String uri) {
        return producers.getOrDefault(name + "\u0000" + uri, Set.of());
    }

    public Set<TaskRef> consumers(String name, String uri) {
        return consumers.getOrDefault(name + "\u0000" + uri, Set.of());
    }

    /** The asset condition of an asset-scheduled DAG, or null. */
    public AssetCondition condition(String dagId) {
        return conditions.get(dagId);
    }

    /** The asset-scheduled DAGs. */
    public Set<String> assetScheduledDags() {
        return conditions.keySet();
    }
}
