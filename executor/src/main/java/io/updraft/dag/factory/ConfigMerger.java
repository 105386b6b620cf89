package io.updraft.dag.factory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** dag-factory's ways of layering configs. */
final class ConfigMerger {

    private ConfigMerger() {
    }

    /** dag-factory's {@code merge_configs}: nested mappings merge, the override wins, lists and scalars replace. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> deepMerge(Map<String, Object> base, Map<String, Object> override) {
        Map<String, Object> result = new LinkedHashMap<>(base);
        override.forEach((key, value) -> {
            Object existing = result.get(key);
            if (existing instanceof Map<?, ?> baseMap && value instanceof Map<?, ?> overrideMap) {
                result.put(key, deepMerge((Map<String, Object>) baseMap, (Map<String, Object>) overrideMap));
            } else {
                result.put(key, value);
            }
        });
        return result;
    }

    /**
     * Layers defaults.yml files, farthest first: the nearer file wins key by key in {@code default_args} and for every
     * other key, except {@code tags}, which are unioned.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> layerDefaultsFiles(List<Map<String, Object>> farthestFirst) {
        Map<String, Object> result = new LinkedHashMap<>();
        for (Map<String, Object> layer : farthestFirst) {
            layer.forEach((key, value) -> {
                Object existing = result.get(key);
                if (key.equals("default_args") && existing instanceof Map<?, ?> base && value instanceof Map<?, ?> args) {
                    Map<String, Object> mergedArgs = new LinkedHashMap<>((Map<String, Object>) base);
                    mergedArgs.putAll((Map<String, Object>) args);
                    result.put(key, mergedArgs);
                } else if (key.equals("tags") && existing instanceof List<?> base && value instanceof List<?> tags) {
                    LinkedHashSet<Object> union = new LinkedHashSet<>(base);
                    union.addAll(tags);
                    result.put(key, new ArrayList<>(union));
                } else {
                    result.put(key, value);
                }
            });
        }
        return result;
    }
}
