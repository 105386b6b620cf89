package io.updraft.dag.factory;

import io.updraft.dag.PythonCallable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads the two ways dag-factory names a Python function: a dotted import path, or a {@code <key>_name} +
 * {@code <key>_file} pair whose file must be an absolute path (after env expansion) to an existing file.
 */
final class PythonCallables {

    private static final Pattern DOTTED = Pattern.compile("[A-Za-z_][\\w]*(\\.[A-Za-z_][\\w]*)+");

    private PythonCallables() {
    }

    static boolean hasFileForm(Map<String, Object> config, String key) {
        return config.containsKey(key + "_name") || config.containsKey(key + "_file");
    }

    /** The {@code <key>_name} + {@code <key>_file} pair of {@code config}, checked. */
    static PythonCallable fromFile(Map<String, Object> config, String key, ConfigPath configPath) {
        ConfigPath namePath = configPath.child(key + "_name");
        ConfigPath filePath = configPath.child(key + "_file");
        if (!config.containsKey(key + "_name") || !config.containsKey(key + "_file")) {
            ConfigPath given = config.containsKey(key + "_name") ? namePath : filePath;
            throw new ConfigException(given, key + "_name and " + key + "_file must be given together");
        }
        String name = ConfigValues.string(config.get(key + "_name"), namePath);
        String file = ConfigValues.string(config.get(key + "_file"), filePath);
        if (!Path.of(file).isAbsolute()) {
            throw new ConfigException(filePath, key + "_file must be an absolute path (dag-factory examples write "
                    + "$CONFIG_ROOT_DIR/file.py), not '" + file + "'");
        }
        if (!Files.isRegularFile(Path.of(file))) {
            throw new ConfigException(filePath, key + "_file '" + file + "' does not exist");
        }
        return PythonCallable.fromFile(file, name);
    }

    static PythonCallable dotted(Object value, ConfigPath path) {
        String text = ConfigValues.string(value, path);
        if (!DOTTED.matcher(text).matches()) {
            throw new ConfigException(path, "'" + text + "' is not a dotted Python import path such as my_pkg.module.fn");
        }
        return PythonCallable.dotted(text);
    }
}
