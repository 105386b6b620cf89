package io.updraft.cli;

import io.updraft.app.Updraft;
import io.updraft.json.Json;
import io.updraft.secrets.SecretsMasker;
import io.updraft.config.Connection;
import io.updraft.config.ConnectionUri;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code updraft connections ...}: Airflow 3.3's {@code airflow connections} verbs on the REST API's store. */
@Command(name = "connections", description = "Manage connections.", subcommands = {
        ConnectionsCommand.ListConnections.class, ConnectionsCommand.Get.class, ConnectionsCommand.Add.class,
        ConnectionsCommand.Delete.class, ConnectionsCommand.Import.class, ConnectionsCommand.Export.class})
final class ConnectionsCommand {

    /** Airflow's key rule for connection ids (the REST API's too). */
    private static final Pattern CONNECTION_ID = Pattern.compile("^[\\w.-]{1,200}$");
    private static final Set<String> JSON_FIELDS = Set.of("conn_id", "conn_type", "description", "host", "login",
            "password", "schema", "port", "extra", "extra_dejson", "uri");
    private static final List<String> VALUE_COLUMNS = List.of("conn_id", "conn_type", "description", "host",
            "schema", "login", "password", "port", "is_encrypted", "is_extra_encrypted", "extra_dejson", "get_uri");

    private ConnectionsCommand() {
    }

    @Command(name = "list", description = "List connections: their ids and types, or with --show-values all their "
            + "fields.")
    static final class ListConnections implements Callable<Integer> {
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Option(names = "--show-values", description = "Show connection values (host, login, URI, etc.). By "
                + "default only connection IDs are listed.") boolean showValues;
        @Option(names = "--hide-sensitive", description = "When used with --show-values, mask sensitive values "
                + "(passwords, URI credentials, extra).") boolean hideSensitive;

        @Override
        public Integer call() {
            CliSupport.requireShowValues(spec, showValues, hideSensitive);
            try (Updraft updraft = CliSupport.open()) {
                List<Connection> all = updraft.connections().list(Integer.MAX_VALUE, 0);
                if (showValues) {
                    Output.print(System.out, output.format, VALUE_COLUMNS,
                            all.stream().map(c -> values(c, hideSensitive)).toList());
                } else {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    for (Connection connection : all) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("conn_id", connection.connectionId());
                        row.put("conn_type", connection.connType());
                        rows.add(row);
                    }
                    Output.print(System.out, output.format, List.of("conn_id", "conn_type"), rows);
                }
                return 0;
            }
        }
    }

    @Command(name = "get", description = "Show a connection with all its fields.")
    static final class Get implements Callable<Integer> {
        @Mixin OutputOption output;
        @Parameters(index = "0", paramLabel = "CONN_ID") String connectionId;

        @Override
        public Integer call() {
            try (Updraft updraft = CliSupport.open()) {
                Connection connection = updraft.connections().find(connectionId).orElse(null);
                if (connection == null) {
                    System.err.println("Connection not found.");
                    return 1;
                }
                Output.print(System.out, output.format, VALUE_COLUMNS, List.of(values(connection, false)));
                return 0;
            }
        }
    }

    @Command(name = "add", description = "Add a connection, from --conn-type and the other fields, from "
            + "--conn-uri, or from --conn-json.")
    static final class Add implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "CONN_ID") String connectionId;
        @Option(names = "--conn-uri", description = "Connection URI, required to add a connection without "
                + "conn_type") String uri;
        @Option(names = "--conn-json", description = "Connection JSON, required to add a connection using JSON "
                + "representation") String json;
        @Option(names = "--conn-type", description = "Connection type, required to add a connection without "
                + "conn_uri") String type;
        @Option(names = "--conn-description") String description;
        @Option(names = "--conn-host") String host;
        @Option(names = "--conn-login") String login;
        @Option(names = "--conn-password") String password;
        @Option(names = "--conn-schema") String schema;
        @Option(names = "--conn-port") Integer port;
        @Option(names = "--conn-extra", description = "Connection `Extra` field: a JSON object") String extra;

        @Override
        public Integer call() {
            checkId(spec, connectionId);
            Connection connection = connection();
            try (Updraft updraft = CliSupport.open()) {
                if (updraft.connections().find(connectionId).isPresent()) {
                    System.err.println("A connection with `conn_id`=" + connectionId + " already exists.");
                    return 1;
                }
                updraft.connections().put(connection);
                System.out.println("Successfully added `conn_id`=" + connectionId + " : "
                        + maskedUri(connection));
                return 0;
            }
        }

        private Connection connection() {
            if (uri != null && json != null) {
                throw new ParameterException(spec.commandLine(), "Cannot supply both conn-uri and conn-json");
            }
            List<String> others = new ArrayList<>();
            for (String option : List.of("--conn-type", "--conn-description", "--conn-host", "--conn-login",
                    "--conn-password", "--conn-schema", "--conn-port", "--conn-extra")) {
                if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                    others.add(option);
                }
            }
            if ((uri != null || json != null) && !others.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "The following args are not compatible with the "
                        + (uri != null ? "--conn-uri" : "--conn-json") + " flag: " + others);
            }
            try {
                if (uri != null) {
                    return ConnectionUri.parse(connectionId, uri);
                }
                if (json != null) {
                    return fromObject(connectionId, Json.read(json));
                }
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            if (type == null) {
                throw new ParameterException(spec.commandLine(), "Must supply either conn-uri or conn-json if not "
                        + "supplying conn-type");
            }
            return new Connection(connectionId, type, description, host, login, password, schema, port,
                    checkedExtra(extra));
        }
    }

    @Command(name = "delete", description = "Delete a connection.")
    static final class Delete implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "CONN_ID") String connectionId;

        @Override
        public Integer call() {
            try (Updraft updraft = CliSupport.open()) {
                if (!updraft.connections().delete(connectionId)) {
                    System.err.println("Did not find a connection with `conn_id`=" + connectionId);
                    return 1;
                }
                System.out.println("Successfully deleted connection with `conn_id`=" + connectionId);
                return 0;
            }
        }
    }

    @Command(name = "import", description = "Import connections from a .json, .yaml, .yml or .env file (as export "
            + "writes them: each id maps to its fields, or to its URI). Existing ones are skipped unless "
            + "--overwrite.")
    static final class Import implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE") Path file;
        @Option(names = "--overwrite", description = "Overwrite existing entries if a conflict occurs")
        boolean overwrite;

        @Override
        public Integer call() {
            if (!Files.exists(file)) {
                System.err.println("Missing connections file " + file + ".");
                return 1;
            }
            List<Connection> connections = new ArrayList<>();
            try {
                for (Map.Entry<String, Object> entry : SecretFiles.read(file).entrySet()) {
                    if (!CONNECTION_ID.matcher(entry.getKey()).matches()) {
                        throw new IllegalArgumentException("connection id '" + entry.getKey() + "' must be 1 to "
                                + "200 letters, digits, '_', '.' or '-'");
                    }
                    Object value = entry.getValue() instanceof List<?> list && list.size() == 1 ? list.get(0)
                            : entry.getValue();
                    connections.add(fromObject(entry.getKey(), value));
                }
            } catch (SecretFiles.BadFile | IllegalArgumentException e) {
                System.err.println(file + ": " + e.getMessage() + "; no connection was imported");
                return 1;
            }
            try (Updraft updraft = CliSupport.open()) {
                for (Connection connection : connections) {
                    if (!overwrite && updraft.connections().find(connection.connectionId()).isPresent()) {
                        System.out.println("Could not import connection " + connection.connectionId()
                                + ": connection already exists.");
                        continue;
                    }
                    updraft.connections().put(connection);
                    System.out.println("Imported connection " + connection.connectionId());
                }
                return 0;
            }
        }
    }

    enum FileFormat { json, yaml, env }

    enum Serialization { json, uri }

    @Command(name = "export", description = "Export all connections to a file (its format from its extension or "
            + "--file-format), or to standard output (JSON unless --file-format) with -.")
    static final class Export implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "FILE") String file;
        @Option(names = {"--file-format", "--format"}, description = "File format for the export: "
                + "${COMPLETION-CANDIDATES}") FileFormat format;
        @Option(names = "--serialization-format", description = "When exporting as `.env` format, defines how "
                + "connections should be serialized: ${COMPLETION-CANDIDATES} (default: uri).")
        Serialization serialization;

        @Override
        public Integer call() {
            FileFormat chosen = format;
            if (chosen == null) {
                String extension = file.equals("-") ? "json" : SecretFiles.extension(Path.of(file));
                chosen = switch (extension) {
                    case "json" -> FileFormat.json;
                    case "yaml", "yml" -> FileFormat.yaml;
                    case "env" -> FileFormat.env;
                    default -> throw new ParameterException(spec.commandLine(), "Unsupported file format. The "
                            + "file must have the extension .env, .json, .yaml or .yml, or use --file-format");
                };
            }
            try (Updraft updraft = CliSupport.open()) {
                Map<String, Object> exported = new TreeMap<>();
                StringBuilder env = new StringBuilder();
                for (Connection connection : updraft.connections().list(Integer.MAX_VALUE, 0)) {
                    Map<String, Object> fields = fields(connection);
                    exported.put(connection.connectionId(), fields);
                    env.append(env.isEmpty() ? "" : "\n").append(connection.connectionId()).append('=')
                            .append(serialization == Serialization.json ? Json.write(fields)
                                    : ConnectionUri.format(connection));
                }
                SecretFiles.write(file, switch (chosen) {
                    case json -> SecretFiles.json(exported, 2);
                    case yaml -> SecretFiles.yaml(exported).stripTrailing();
                    case env -> env.toString();
                });
                SecretFiles.printExported("Connections", exported.size(), file);
                return 0;
            }
        }
    }

    /** A connection from the fields export writes (or Airflow's {@code extra_dejson}), or from its URI. */
    @SuppressWarnings("unchecked")
    static Connection fromObject(String connectionId, Object value) {
        if (value instanceof String uri) {
            return ConnectionUri.parse(connectionId, uri);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("connection '" + connectionId + "' must be a URI or an object of its "
                    + "fields");
        }
        Map<String, Object> fields = (Map<String, Object>) map;
        for (String key : fields.keySet()) {
            if (!JSON_FIELDS.contains(key)) {
                throw new IllegalArgumentException("connection '" + connectionId + "' has the unknown field '" + key
                        + "'; allowed: " + new java.util.TreeSet<>(JSON_FIELDS));
            }
        }
        if (fields.get("conn_id") != null && !connectionId.equals(fields.get("conn_id"))) {
            throw new IllegalArgumentException("Mismatch conn_id: the key is " + connectionId + ", the item's "
                    + "conn_id " + fields.get("conn_id"));
        }
        if (fields.get("uri") != null) {
            return ConnectionUri.parse(connectionId, fields.get("uri").toString());
        }
        if (fields.containsKey("extra") && fields.containsKey("extra_dejson")) {
            throw new IllegalArgumentException("The extra and extra_dejson parameters are mutually exclusive");
        }
        Object extra = fields.containsKey("extra_dejson") ? fields.get("extra_dejson") : fields.get("extra");
        Object port = fields.get("port");
        if (port != null && !(port instanceof Integer)) {
            throw new IllegalArgumentException("connection '" + connectionId + "': port must be an integer, not "
                    + port);
        }
        return new Connection(connectionId, text(fields.get("conn_type")), text(fields.get("description")),
                text(fields.get("host")), text(fields.get("login")), text(fields.get("password")),
                text(fields.get("schema")), (Integer) port,
                checkedExtra(extra == null || extra instanceof String ? (String) extra : Json.write(extra)));
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static String checkedExtra(String extra) {
        if (extra == null || extra.isEmpty()) {
            return null;
        }
        try {
            Json.readObject(extra);
            return extra;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The `extra` field must be a valid JSON object (e.g., "
                    + "{\"key\": \"value\"}): " + extra);
        }
    }

    static void checkId(CommandSpec spec, String connectionId) {
        if (!CONNECTION_ID.matcher(connectionId).matches()) {
            throw new ParameterException(spec.commandLine(), "CONN_ID must be 1 to 200 letters, digits, '_', '.' "
                    + "or '-'");
        }
    }

    /** The fields as Airflow's export writes them. */
    private static Map<String, Object> fields(Connection connection) {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("conn_type", connection.connType());
        fields.put("description", connection.description());
        fields.put("login", connection.login());
        fields.put("password", connection.password());
        fields.put("host", connection.host());
        fields.put("port", connection.port());
        fields.put("schema", connection.schema());
        fields.put("extra", connection.extra());
        return fields;
    }

    /** The password and every extra value hidden, as Airflow's {@code --hide-sensitive}. */
    private static Connection masked(Connection c) {
        Map<String, Object> extra = new LinkedHashMap<>(ConnectionUri.extraObject(c.extra()));
        extra.replaceAll((key, value) -> SecretsMasker.REDACTED);
        return new Connection(c.connectionId(), c.connType(), c.description(), c.host(),
                c.login() == null ? null : SecretsMasker.REDACTED, c.password() == null ? null : SecretsMasker.REDACTED,
                c.schema(), c.port(), extra.isEmpty() ? null : Json.write(extra));
    }

    private static String maskedUri(Connection connection) {
        return ConnectionUri.format(masked(connection)).replace(ConnectionUri.quote(SecretsMasker.REDACTED, false),
                SecretsMasker.REDACTED);
    }

    private static Map<String, Object> values(Connection connection, boolean hideSensitive) {
        Map<String, Object> extra = ConnectionUri.extraObject(connection.extra());
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("conn_id", connection.connectionId());
        row.put("conn_type", connection.connType());
        row.put("description", connection.description());
        row.put("host", connection.host());
        row.put("schema", connection.schema());
        row.put("login", connection.login());
        row.put("password", hideSensitive && connection.password() != null ? SecretsMasker.REDACTED
                : connection.password());
        row.put("port", connection.port());
        row.put("is_encrypted", false);
        row.put("is_extra_encrypted", false);
        row.put("extra_dejson", hideSensitive && !extra.isEmpty() ? SecretsMasker.REDACTED : extra);
        row.put("get_uri", hideSensitive ? maskedUri(connection) : ConnectionUri.format(connection));
        return row;
    }
}
