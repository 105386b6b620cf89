package io.updraft.cli;

import io.updraft.app.Updraft;
import io.updraft.config.Pool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code updraft pools ...}: Airflow 3.3's {@code airflow pools} verbs on the store the REST API uses. */
@Command(name = "pools", description = "Manage pools.", subcommands = {PoolsCommand.ListPools.class,
        PoolsCommand.Get.class, PoolsCommand.Set.class, PoolsCommand.Delete.class, PoolsCommand.Import.class,
        PoolsCommand.Export.class})
final class PoolsCommand {

    private static final List<String> COLUMNS = List.of("pool", "slots", "description", "include_deferred",
            "team_name");
    /** Airflow's pool name length (the REST API's limit too). */
    private static final int MAX_NAME_LENGTH = 256;

    private PoolsCommand() {
    }

    @Command(name = "list", description = "List pools.")
    static final class ListPools implements Callable<Integer> {
        @Mixin OutputOption output;

        @Override
        public Integer call() {
            try (Updraft updraft = CliSupport.open()) {
                print(output, updraft.pools().list(Integer.MAX_VALUE, 0));
                return 0;
            }
        }
    }

    @Command(name = "get", description = "Show a pool.")
    static final class Get implements Callable<Integer> {
        @Mixin OutputOption output;
        @Parameters(index = "0", paramLabel = "NAME", description = "Pool name") String name;

        @Override
        public Integer call() {
            try (Updraft updraft = CliSupport.open()) {
                Pool pool = updraft.pools().find(name).orElse(null);
                if (pool == null) {
                    System.err.println("Pool " + name + " does not exist");
                    return 1;
                }
                print(output, List.of(pool));
                return 0;
            }
        }
    }

    @Command(name = "set", description = "Create or replace a pool.")
    static final class Set implements Callable<Integer> {
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "NAME", description = "Pool name") String name;
        @Parameters(index = "1", paramLabel = "SLOTS", description = "Pool slots (-1: unlimited)") int slots;
        @Parameters(index = "2", paramLabel = "DESCRIPTION", description = "Pool description") String description;
        @Option(names = "--include-deferred", description = "Include deferred tasks in calculations for Pool")
        boolean includeDeferred;

        @Override
        public Integer call() {
            String problem = problem(name, slots);
            if (problem != null) {
                throw new ParameterException(spec.commandLine(), problem);
            }
            try (Updraft updraft = CliSupport.open()) {
                updraft.pools().put(new Pool(name, slots, description, includeDeferred));
                System.out.println("Pool " + name + " created");
                return 0;
            }
        }
    }

    @Command(name = "delete", description = "Delete a pool (default_pool cannot be deleted).")
    static final class Delete implements Callable<Integer> {
        @Mixin OutputOption output;
        @Parameters(index = "0", paramLabel = "NAME", description = "Pool name") String name;

        @Override
        public Integer call() {
            try (Updraft updraft = CliSupport.open()) {
                boolean deleted;
                try {
                    deleted = updraft.pools().delete(name);
                } catch (IllegalArgumentException defaultPool) {
                    System.err.println(defaultPool.getMessage());
                    return 1;
                }
                if (!deleted) {
                    System.err.println("Pool " + name + " does not exist");
                    return 1;
                }
                System.out.println("Pool " + name + " deleted");
                return 0;
            }
        }
    }

    @Command(name = "import", description = "Import pools from a JSON file: {\"NAME\": {\"slots\": 5, "
            + "\"description\": \"\", \"include_deferred\": false}, ...}. All are written, or none.")
    static final class Import implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILEPATH") Path file;

        @Override
        public Integer call() {
            if (!Files.exists(file)) {
                System.err.println("Missing pools file " + file);
                return 1;
            }
            if (!SecretFiles.extension(file).equals("json")) {
                System.err.println("Invalid pools file " + file + ": it must be a .json file");
                return 1;
            }
            Map<String, Object> entries;
            try {
                entries = SecretFiles.read(file);
            } catch (SecretFiles.BadFile e) {
                System.err.println("Invalid json file: " + e.getMessage());
                return 1;
            }
            List<Pool> pools = new ArrayList<>();
            List<String> failed = new ArrayList<>();
            for (Map.Entry<String, Object> entry : entries.entrySet()) {
                Pool pool = pool(entry.getKey(), entry.getValue());
                if (pool == null) {
                    failed.add(entry.getKey());
                } else {
                    pools.add(pool);
                }
            }
            if (!failed.isEmpty()) {
                System.err.println("Failed to update pool(s): " + String.join(", ", failed) + " (each needs a name "
                        + "of 1 to " + MAX_NAME_LENGTH + " characters, an integer \"slots\" of -1 or more and a "
                        + "\"description\"); no pool was written");
                return 1;
            }
            try (Updraft updraft = CliSupport.open()) {
                updraft.pools().putAll(pools);
                System.out.println("Uploaded " + pools.size() + " pool(s)");
                return 0;
            }
        }

        private static Pool pool(String name, Object value) {
            if (!(value instanceof Map<?, ?> map) || !(map.get("slots") instanceof Integer slots)
                    || !map.containsKey("description") || problem(name, slots) != null) {
                return null;
            }
            Object description = map.get("description");
            return new Pool(name, slots, description == null ? null : description.toString(),
                    Boolean.TRUE.equals(map.get("include_deferred")));
        }
    }

    @Command(name = "export", description = "Export all pools to a JSON file.")
    static final class Export implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILEPATH") String file;

        @Override
        public Integer call() {
            try (Updraft updraft = CliSupport.open()) {
                Map<String, Object> exported = new LinkedHashMap<>();
                for (Pool pool : updraft.pools().list(Integer.MAX_VALUE, 0)) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("description", pool.description());
                    entry.put("include_deferred", pool.includeDeferred());
                    entry.put("slots", pool.slots());
                    exported.put(pool.name(), entry);
                }
                SecretFiles.write(file, SecretFiles.json(exported, 4));
                if (!file.equals("-")) {
                    System.out.println("Exported " + exported.size() + " pools to " + file);
                }
                return 0;
            }
        }
    }

    private static String problem(String name, int slots) {
        if (name.isEmpty() || name.length() > MAX_NAME_LENGTH) {
            return "NAME must have 1 to " + MAX_NAME_LENGTH + " characters";
        }
        return slots < -1 ? "SLOTS must be -1 (unlimited) or more, not " + slots : null;
    }

    private static void print(OutputOption output, List<Pool> pools) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Pool pool : pools) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("pool", pool.name());
            row.put("slots", pool.slots());
            row.put("description", pool.description());
            row.put("include_deferred", pool.includeDeferred());
            row.put("team_name", null);
            rows.add(row);
        }
        Output.print(System.out, output.format, COLUMNS, rows);
    }
}
