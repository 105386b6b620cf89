package io.updraft.dag.factory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Normalises {@code tasks} / {@code task_groups} to dag-factory's internal mapping form: the list form
 * ({@code - task_id: t1}) and the legacy mapping form ({@code t1: {...}}) both become name → config.
 */
final class NamedEntries {

    private NamedEntries() {
    }

    static Map<String, Map<String, Object>> read(Object value, String nameKey, ConfigPath path) {
        Map<String, Map<String, Object>> entries = new LinkedHashMap<>();
        if (value == null) {
            return entries;
        }
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                ConfigPath itemPath = path.child(String.valueOf(i));
                Map<String, Object> config = ConfigValues.map(list.get(i), itemPath);
                if (!config.containsKey(nameKey)) {
                    throw new ConfigException(itemPath, "an entry of '" + last(path) + "' has no '" + nameKey + "'");
                }
                String name = ConfigValues.string(config.get(nameKey), itemPath.child(nameKey));
                if (entries.putIfAbsent(name, config) != null) {
                    throw new ConfigException(itemPath, "duplicate " + nameKey + " '" + name + "'");
                }
            }
            return entries;
        }
        if (value instanceof Map<?, ?> map) {
            map.forEach((name, config) -> entries.put(String.valueOf(name),
                    ConfigValues.map(config, path.child(String.valueOf(name)))));
            return entries;
        }
        throw new ConfigException(path, "'" + last(path) + "' must be a list (with " + nameKey
                + " in each entry) or a mapping, not " + ConfigValues.describe(value));
    }

    private static String last(ConfigPath path) {
        return path.keys().get(path.keys().size() - 1);
    }
}
