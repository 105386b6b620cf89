package io.updraft.dag.factory;

import io.updraft.dag.Callback;
import io.updraft.dag.CallbackKind;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads callbacks in dag-factory's four forms: a dotted string; {@code {callback: dotted, kwarg: value}}; a
 * {@code <callback>_name} + {@code <callback>_file} pair; a list of the first two.
 */
final class CallbackReader {

    private static final String CALLBACK = "callback";

    private CallbackReader() {
    }

    /** True when {@code config} sets this callback in any form. */
    static boolean isSet(Map<String, Object> config, CallbackKind kind) {
        return config.containsKey(kind.key()) || PythonCallables.hasFileForm(config, kind.key());
    }

    static List<Callback> read(Map<String, Object> config, CallbackKind kind, ConfigPath configPath) {
        List<Callback> callbacks = new ArrayList<>();
        String key = kind.key();
        Object value = config.get(key);
        ConfigPath path = configPath.child(key);
        if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                callbacks.add(entry(list.get(i), path.child(String.valueOf(i))));
            }
        } else if (value != null) {
            callbacks.add(entry(value, path));
        }
        if (PythonCallables.hasFileForm(config, key)) {
            callbacks.add(new Callback(PythonCallables.fromFile(config, key, configPath), Map.of()));
        }
        return callbacks;
    }

    private static Callback entry(Object value, ConfigPath path) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> kwargs = new LinkedHashMap<>();
            map.forEach((k, v) -> kwargs.put(String.valueOf(k), v));
            Object target = kwargs.remove(CALLBACK);
            if (target == null) {
                throw new ConfigException(path, "a callback mapping needs a 'callback' key with the dotted path");
            }
            return new Callback(PythonCallables.dotted(target, path.child(CALLBACK)), kwargs);
        }
        return new Callback(PythonCallables.dotted(value, path), Map.of());
    }
}
