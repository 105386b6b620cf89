package io.updraft.dag.factory;

import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Expands {@code $VAR} and {@code ${VAR}} in a DAG file's raw text as Python's {@code os.path.expandvars} does for
 * dag-factory: unset variables stay as written. {@code CONFIG_ROOT_DIR}, when unset, is the YAML file's directory,
 * which is what the dag-factory examples expect it to be.
 */
final class EnvironmentExpander {

    static final String CONFIG_ROOT_DIR = "CONFIG_ROOT_DIR";
    private static final Pattern VARIABLE = Pattern.compile("\\$(\\w+|\\{[^}]*})");

    private final Map<String, String> environment;

    EnvironmentExpander(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    String expand(String text, Path fileDirectory) {
        if (text.indexOf('$') < 0) {
            return text;
        }
        Matcher matcher = VARIABLE.matcher(text);
        StringBuilder result = new StringBuilder(text.length());
        while (matcher.find()) {
            String name = matcher.group(1);
            if (name.startsWith("{")) {
                name = name.substring(1, name.length() - 1);
            }
            String value = environment.get(name);
            if (value == null && name.equals(CONFIG_ROOT_DIR)) {
                value = fileDirectory.toAbsolutePath().normalize().toString();
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(value == null ? matcher.group() : value));
        }
        matcher.appendTail(result);
        return result.toString();
    }
}
