package io.updraft.cli;

import io.updraft.app.Updraft;
import io.updraft.json.Json;
import io.updraft.secrets.SecretsMasker;
import io.updraft.config.Variable;
import io.updraft.config.VariableStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code updraft variables ...}: Airflow 3.3's {@code airflow variables} verbs on the store the REST API uses. */
@Command(name = "variables", description = "Manage variables.", subcommands = {VariablesCommand.ListVariables.class,
        VariablesCommand.Get.class, VariablesCommand.Set.class, VariablesCommand.Delete.class,
        VariablesCommand.Import.class, VariablesCommand.Export.class})
final class VariablesCommand {

    /** Airflow's key length (the REST API's limit too). */
    private static final int MAX_KEY_LENGTH = 250;

    private VariablesCommand() {
    }

    @Command(name = "list", description = "List variables: their keys, or with --show-values their values too.")
    static final class ListVariables implements Callable<Integer> {
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Option(names = "--show-values", description = "Show variable values. By default only variable keys are "
                + "listed.") boolean showValues;
        @Option(names = "--hide-sensitive", description = "When used with --show-values, mask variable values.")
        boolean hideSensitive;

        @Override
        public Integer call() {
            CliSupport.requireShowValues(spec, showValues, hideSensitive);
            try (Updraft updraft = CliSupport.open()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (Variable variable : updraft.variables().list(Integer.MAX_VALUE, 0)) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("key", variable.key());
                    if (showValues) {
                        // Airflow cannot tell which values are secret, so --hide-sensitive masks them all
                        row.put("val", hideSensitive ? SecretsMasker.REDACTED : variable.value());
                    }
                    rows.add(row);
                }
                Output.print(System.out, output.format, showValues ? List.of("key", "val") : List.of("key"), rows);
                return 0;
            }
        }
    }

    @Command(name = "get", description = "Print a variable's value.")
    static final class Get implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "KEY", description = "Variable key") String key;
        @Option(names = {"-d", "--default"}, paramLabel = "VAL",
                description = "Default value returned if variable does not exist") String defaultValue;
        @Option(names = {"-j", "--json"}, description = "Deserialize JSON variable (printed as compact JSON)")
        boolean json;

        @Override
        public Integer call() {
            try (Updraft updraft = CliSupport.open()) {
                Variable variable = updraft.variables().find(key).orElse(null);
                if (variable == null) {
                    if (defaultValue != null) {
                        System.out.println(defaultValue);
                        return 0;
                    }
                    System.err.println("Variable " + key + " does not exist.");
                    return 1;
                }
                String value = variable.value();
                if (json) {
                    try {
                        value = Json.write(Json.read(value));
                    } catch (IllegalArgumentException notJson) {
                        System.err.println("Variable " + key + " is not JSON: " + notJson.getMessage());
                        return 1;
                    }
                }
                System.out.println(value);
                return 0;
            }
        }
    }

    @Command(name = "set", description = "Create or replace a variable.")
    static final class Set implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "KEY", description = "Variable key") String key;
        @Parameters(index = "1", paramLabel = "VALUE", description = "Variable value") String value;
        @Option(names = "--description", description = "Variable description, optional when setting a variable")
        String description;
        @Option(names = {"-j", "--json"}, description = "Serialize JSON variable: VALUE must be JSON")
        boolean json;

        @Override
        public Integer call() {
            checkKey(spec, key);
            String stored = value;
            if (json) {
                try {
                    stored = Json.write(Json.read(value));
                } catch (IllegalArgumentException e) {
                    throw new ParameterException(spec.commandLine(), "VALUE is not JSON: " + e.getMessage());
                }
            }
            try (Updraft updraft = CliSupport.open()) {
                boolean existed = updraft.variables().find(key).isPresent();
                updraft.variables().put(new Variable(key, stored, description));
                System.out.println("Variable " + key + (existed ? " updated" : " created"));
                return 0;
            }
        }
    }

    @Command(name = "delete", description = "Delete a variable.")
    static final class Delete implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "KEY", description = "Variable key") String key;

        @Override
        public Integer call() {
            try (Updraft updraft = CliSupport.open()) {
                // idempotent, as Airflow's (which exits 0 either way)
                System.out.println(updraft.variables().delete(key) ? "Variable " + key + " deleted"
                        : "Variable " + key + " does not exist; nothing deleted");
                return 0;
            }
        }
    }

    enum OnExisting { overwrite, fail, skip }

    @Command(name = "import", description = "Import variables from a .json, .yaml, .yml or .env file: a mapping of "
            + "keys to values, or to {\"value\": ..., \"description\": ...} as export writes them.")
    static final class Import implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE") Path file;
        @Option(names = {"-a", "--action-on-existing-key"}, defaultValue = "overwrite",
                description = "Action to take if we encounter a variable key that already exists: "
                        + "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).") OnExisting onExisting;

        @Override
        public Integer call() {
            if (!Files.exists(file)) {
                System.err.println("Missing variables file " + file + ".");
                return 1;
            }
            Map<String, Object> entries;
            try {
                entries = SecretFiles.read(file);
            } catch (SecretFiles.BadFile e) {
                System.err.println(e.getMessage());
                return 1;
            }
            List<Variable> variables = new ArrayList<>();
            for (Map.Entry<String, Object> entry : entries.entrySet()) {
                Object value = entry.getValue();
                if (value instanceof List<?> values && SecretFiles.extension(file).equals("env")) {
                    System.err.println("The \"" + file + "\" file contains multiple values for keys: ["
                            + entry.getKey() + "]");
                    return 1;
                }
                String description = null;
                if (value instanceof Map<?, ?> map && map.containsKey("value")) {
                    description = map.get("description") == null ? null : map.get("description").toString();
                    value = map.get("value");
                }
                if (entry.getKey().isEmpty() || entry.getKey().length() > MAX_KEY_LENGTH) {
                    System.err.println(file + ": variable key '" + entry.getKey() + "' must have 1 to "
                            + MAX_KEY_LENGTH + " characters");
                    return 1;
                }
                variables.add(new Variable(entry.getKey(), value instanceof String s ? s : Json.write(value),
                        description));
            }
            try (Updraft updraft = CliSupport.open()) {
                VariableStore store = updraft.variables();
                java.util.Set<String> existing = new TreeSet<>();
                if (onExisting != OnExisting.overwrite) {
                    variables.stream().map(Variable::key).filter(k -> store.find(k).isPresent())
                            .forEach(existing::add);
                }
                if (onExisting == OnExisting.fail && !existing.isEmpty()) {
                    System.err.println("Failed. These keys: " + existing + " already exist.");
                    return 1;
                }
                List<Variable> written = variables.stream().filter(v -> !existing.contains(v.key())).toList();
                store.putAll(written); // all or none
                System.out.println(written.size() + " of " + variables.size() + " variables successfully updated.");
                if (!existing.isEmpty()) {
                    System.out.println("The variables with these keys: " + existing + " were skipped because they "
                            + "already exist");
                }
                return 0;
            }
        }
    }

    @Command(name = "export", description = "Export all variables to a JSON file, or to standard output with -.")
    static final class Export implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE") String file;

        @Override
        public Integer call() {
            try (Updraft updraft = CliSupport.open()) {
                Map<String, Object> exported = new TreeMap<>();
                for (Variable variable : updraft.variables().list(Integer.MAX_VALUE, 0)) {
                    Object value = exportedValue(variable.value());
                    // as Airflow: a description, or a value that would read back as one, keeps the long form
                    if (variable.description() != null && !variable.description().isEmpty()
                            || value instanceof Map<?, ?> map && map.containsKey("value")) {
                        Map<String, Object> entry = new LinkedHashMap<>();
                        entry.put("value", value);
                        entry.put("description", variable.description());
                        exported.put(variable.key(), entry);
                    } else {
                        exported.put(variable.key(), value);
                    }
                }
                SecretFiles.write(file, SecretFiles.json(exported, 4));
                SecretFiles.printExported("Variables", exported.size(), file);
                return 0;
            }
        }

        /** JSON values as their JSON (so import gives them back), strings as they are. */
        private static Object exportedValue(String value) {
            try {
                Object parsed = Json.read(value);
                return parsed instanceof String ? value : parsed;
            } catch (IllegalArgumentException notJson) {
                return value;
            }
        }
    }

    static void checkKey(CommandSpec spec, String key) {
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            throw new ParameterException(spec.commandLine(), "KEY must have 1 to " + MAX_KEY_LENGTH + " characters");
        }
    }
}
