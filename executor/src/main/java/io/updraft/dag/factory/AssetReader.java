package io.updraft.dag.factory;

import io.updraft.dag.AssetCondition;
import io.updraft.dag.AssetRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads dag-factory 1.1's asset forms on Airflow 3: a URI string, {@code __type__: airflow.sdk.Asset} (and
 * Airflow 2's {@code airflow.datasets.Dataset}, read as the same with a warning), {@code AssetAlias},
 * {@code AssetAll} / {@code AssetAny} with {@code __args__}, {@code builtins.list}, and dag-factory's
 * {@code __and__} / {@code __or__} mappings; in {@code schedule} (a list means all of them) and in a task's
 * {@code outlets} / {@code inlets}.
 */
final class AssetReader {

    private static final Set<String> ASSET_TYPES = Set.of("airflow.sdk.Asset", "airflow.sdk.definitions.asset.Asset",
            "airflow.datasets.Dataset");
    private static final Set<String> ALIAS_TYPES = Set.of("airflow.sdk.AssetAlias",
            "airflow.sdk.definitions.asset.AssetAlias", "airflow.datasets.DatasetAlias");
    private static final Set<String> ALL_TYPES = Set.of("airflow.sdk.AssetAll",
            "airflow.sdk.definitions.asset.AssetAll", "airflow.datasets.DatasetAll");
    private static final Set<String> ANY_TYPES = Set.of("airflow.sdk.AssetAny",
            "airflow.sdk.definitions.asset.AssetAny", "airflow.datasets.DatasetAny");
    private static final String LIST_TYPE = "builtins.list";
    private static final String AND = "__and__";
    private static final String OR = "__or__";

    private final ConfigWarnings warnings;

    AssetReader(ConfigWarnings warnings) {
        this.warnings = warnings;
    }

    /** Whether a {@code schedule} value is an asset schedule (a list, an asset object or an expression). */
    static boolean isAssetSchedule(Object value) {
        if (value instanceof List<?>) {
            return true;
        }
        if (value instanceof Map<?, ?> map) {
            if (map.containsKey(AND) || map.containsKey(OR)) {
                return true;
            }
            Object type = map.get(PythonObjects.TYPE);
            return type instanceof String name && (ASSET_TYPES.contains(name) || ALIAS_TYPES.contains(name)
                    || ALL_TYPES.contains(name) || ANY_TYPES.contains(name) || name.equals(LIST_TYPE));
        }
        return false;
    }

    /** Airflow 3 types accepted here although Airflow 3 removed their module (read as their airflow.sdk twin). */
    static boolean isAirflow2AssetType(String type) {
        return type.startsWith("airflow.datasets.") && (ASSET_TYPES.contains(type) || ALIAS_TYPES.contains(type)
                || ALL_TYPES.contains(type) || ANY_TYPES.contains(type));
    }

    /**
     * The {@code assets} of an AssetOrTimeSchedule: a list of asset objects (all of them) or one asset object or
     * expression. dag-factory builds no asset from a URI text or {@code __and__}/{@code __or__} there, and Airflow
     * refuses what it gets ("serialization not implemented for 'str'"), so they are refused here too.
     */
    AssetCondition assetOrTimeAssets(Object value, ConfigPath path) {
        List<?> items = value instanceof List<?> list ? list : List.of(value);
        for (int i = 0; i < items.size(); i++) {
            if (!PythonObjects.isObject(items.get(i))) {
                throw new ConfigException(value instanceof List<?> ? path.child(String.valueOf(i)) : path,
                        "AssetOrTimeSchedule's assets must be __type__ objects (airflow.sdk.Asset, AssetAlias, "
                                + "AssetAll, AssetAny), not " + ConfigValues.describe(items.get(i))
                                + "; dag-factory builds no asset from a URI or __and__/__or__ here");
            }
        }
        return schedule(value, path);
    }

    /** The condition of an asset {@code schedule}; a list means all of its items, as Airflow's AssetAll. */
    AssetCondition schedule(Object value, ConfigPath path) {
        AssetCondition condition = condition(value, path);
        if (condition.assets().isEmpty() && condition.aliases().isEmpty()) {
            warnings.add(path, "the schedule names no asset, so no asset event can ever trigger this DAG");
        }
        return condition;
    }

    private AssetCondition condition(Object value, ConfigPath path) {
        if (value instanceof String uri) {
            return new AssetCondition.Single(asset(uri, path));
        }
        if (value instanceof List<?> list) {
            return new AssetCondition.All(parts(list, path));
        }
        if (value instanceof Map<?, ?> map && !PythonObjects.isObject(value)) {
            if (map.size() == 1 && map.get(AND) instanceof List<?> list) {
                return new AssetCondition.All(parts(list, path.child(AND)));
            }
            if (map.size() == 1 && map.get(OR) instanceof List<?> list) {
                return new AssetCondition.Any(parts(list, path.child(OR)));
            }
        }
        if (PythonObjects.isObject(value)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) value;
            String type = PythonObjects.typeOf(value);
            warnIfAirflow2(type, path);
            if (ASSET_TYPES.contains(type)) {
                return new AssetCondition.Single(assetObject(object, type, path));
            }
            if (ALIAS_TYPES.contains(type)) {
                return alias(object, path);
            }
            if (ALL_TYPES.contains(type) || ANY_TYPES.contains(type) || type.equals(LIST_TYPE)) {
                Object items = type.equals(LIST_TYPE) ? object.get("items") : object.get(PythonObjects.ARGS);
                if (!(items instanceof List<?> list)) {
                    throw new ConfigException(path, type + " needs its assets as a list under '"
                            + (type.equals(LIST_TYPE) ? "items" : PythonObjects.ARGS) + "'");
                }
                List<AssetCondition> parts = parts(list, path);
                return ANY_TYPES.contains(type) ? new AssetCondition.Any(parts) : new AssetCondition.All(parts);
            }
            throw new ConfigException(path.child(PythonObjects.TYPE), "'" + type + "' is not an asset; use "
                    + "airflow.sdk.Asset, AssetAlias, AssetAll or AssetAny");
        }
        throw new ConfigException(path, "cannot read " + ConfigValues.describe(value) + " as an asset; write a URI, "
                + "a __type__ airflow.sdk.Asset, a list of them, or an __and__ / __or__ expression");
    }

    private List<AssetCondition> parts(List<?> list, ConfigPath path) {
        List<AssetCondition> parts = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Object item = list.get(i);
            if (item == null || item instanceof String text && text.isBlank()) {
                continue; // dag-factory drops empty entries of a schedule list
            }
            parts.add(condition(item instanceof String text ? text.trim() : item, path.child(String.valueOf(i))));
        }
        return parts;
    }

    /** A task's {@code outlets} or {@code inlets}: assets and aliases, one or a list. */
    Items items(Object value, ConfigPath path) {
        List<?> list = value instanceof List<?> values ? values
                : PythonObjects.isObject(value) && LIST_TYPE.equals(PythonObjects.typeOf(value))
                ? listItems(value, path) : List.of(value);
        List<AssetRef> assets = new ArrayList<>();
        List<String> aliases = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            ConfigPath itemPath = value instanceof List<?> ? path.child(String.valueOf(i)) : path;
            Object item = list.get(i);
            if (item instanceof String uri) {
                assets.add(asset(uri, itemPath));
            } else if (PythonObjects.isObject(item) && ALIAS_TYPES.contains(PythonObjects.typeOf(item))) {
                warnIfAirflow2(PythonObjects.typeOf(item), itemPath);
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) item;
                aliases.add(alias(object, itemPath).name());
            } else if (PythonObjects.isObject(item) && ASSET_TYPES.contains(PythonObjects.typeOf(item))) {
                warnIfAirflow2(PythonObjects.typeOf(item), itemPath);
                @SuppressWarnings("unchecked")
                Map<String, Object> object = (Map<String, Object>) item;
                assets.add(assetObject(object, PythonObjects.typeOf(item), itemPath));
            } else {
                throw new ConfigException(itemPath, "cannot read " + ConfigValues.describe(item) + " as an asset; "
                        + "write a URI or a __type__ airflow.sdk.Asset / airflow.sdk.AssetAlias");
            }
        }
        return new Items(assets, aliases);
    }

    /** Assets and aliases of an outlets or inlets list. */
    record Items(List<AssetRef> assets, List<String> aliases) {
    }

    private static List<?> listItems(Object value, ConfigPath path) {
        Object items = ((Map<?, ?>) value).get("items");
        if (!(items instanceof List<?> list)) {
            throw new ConfigException(path, "builtins.list needs its values under 'items'");
        }
        return list;
    }

    private static AssetRef asset(String uri, ConfigPath path) {
        try {
            return AssetRef.ofUri(uri);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path, e.getMessage());
        }
    }

    private AssetRef assetObject(Map<String, Object> object, String type, ConfigPath path) {
        // Airflow 2's Dataset(uri, extra) takes the URI first; Airflow 3's Asset(name, uri, ...) the name
        List<String> order = type.equals("airflow.datasets.Dataset") ? List.of("uri", "extra")
                : List.of("name", "uri", "group", "extra", "watchers");
        Map<String, Object> arguments = PythonObjects.arguments(object, order, path);
        if (arguments.containsKey("watchers")) {
            warnings.add(path.child("watchers"), "asset watchers are not supported by Updraft; ignored");
        }
        String name = optionalString(arguments.get("name"), path.child("name"));
        String uri = optionalString(arguments.get("uri"), path.child("uri"));
        String group = optionalString(arguments.get("group"), path.child("group"));
        Map<String, Object> extra = arguments.get("extra") == null ? Map.of()
                : ConfigValues.map(arguments.get("extra"), path.child("extra"));
        try {
            return AssetRef.of(name, uri, group, new LinkedHashMap<>(extra));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path, type + ": " + e.getMessage());
        }
    }

    private static AssetCondition.Alias alias(Map<String, Object> object, ConfigPath path) {
        Map<String, Object> arguments = PythonObjects.arguments(object, List.of("name", "group"), path);
        String name = optionalString(arguments.get("name"), path.child("name"));
        if (name == null || name.isBlank()) {
            throw new ConfigException(path, "an asset alias needs a name");
        }
        String group = optionalString(arguments.get("group"), path.child("group"));
        return new AssetCondition.Alias(name, group == null || group.isEmpty() ? AssetRef.DEFAULT_GROUP : group);
    }

    private static String optionalString(Object value, ConfigPath path) {
        return value == null ? null : ConfigValues.string(value, path);
    }

    private void warnIfAirflow2(String type, ConfigPath path) {
        if (isAirflow2AssetType(type)) {
            warnings.add(path.child(PythonObjects.TYPE), "'" + type + "' is Airflow 2's name (Airflow 3 removed the "
                    + "module airflow.datasets); read as airflow.sdk." + type.substring(type.lastIndexOf('.') + 1)
                    .replace("Dataset", "Asset"));
        }
    }
}
