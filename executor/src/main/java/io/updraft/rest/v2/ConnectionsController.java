package io.updraft.rest.v2;

import io.updraft.secrets.SecretsMasker;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.updraft.json.Json;
import io.updraft.rest.ApiException;
import io.updraft.rest.Bulk;
import io.updraft.rest.Page;
import io.updraft.rest.Patterns;
import io.updraft.rest.Query;
import io.updraft.config.Connection;
import io.updraft.config.ConnectionStore;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/** {@code /api/v2/connections}; passwords and sensitive extra values never leave the service. */
@Controller("/api/v2/connections")
public class ConnectionsController {

    static final String REDACTED = SecretsMasker.REDACTED;
    private static final Pattern CONNECTION_ID = Pattern.compile("^[\\w.-]+$");
    private static final Set<String> FIELDS = Set.of("connection_id", "conn_type", "description", "host", "login",
            "schema", "port", "password", "extra");
    private static final Map<String, Comparator<Connection>> ORDER = Map.of(
            "connection_id", Page.by(Connection::connectionId),
            "id", Page.by(Connection::connectionId),
            "conn_type", Page.by(Connection::connType),
            "description", Page.by(Connection::description),
            "host", Page.by(Connection::host),
            "port", Page.by(Connection::port));

    private final ConnectionStore connections;

    public ConnectionsController(ConnectionStore connections) {
        this.connections = connections;
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request) {
        Query query = Query.of(request);
        Predicate<String> pattern = Patterns.like(query.string("connection_id_pattern"));
        List<Connection> matching = connections.list(Integer.MAX_VALUE, 0).stream()
                .filter(c -> pattern.test(c.connectionId())).toList();
        Page<Connection> page = Page.of(matching, query, ORDER, "connection_id");
        return page.body("connections", ConnectionsController::response);
    }

    @Get("/{connection_id}")
    public Map<String, Object> get(@PathVariable("connection_id") String id) {
        return response(find(id));
    }

    @Post
    public HttpResponse<Map<String, Object>> create(@Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, FIELDS);
        Connection connection = read(body, null);
        if (connections.find(connection.connectionId()).isPresent()) {
            throw ApiException.conflict("The connection with connection_id: `" + connection.connectionId()
                    + "` already exists.");
        }
        connections.put(connection);
        return HttpResponse.created(response(connection));
    }

    /** Replaces the connection's fields, or only those named in update_mask. */
    @Patch("/{connection_id}")
    public Map<String, Object> update(HttpRequest<?> request, @PathVariable("connection_id") String id,
                                      @Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, FIELDS);
        Connection current = find(id);
        Connection given = read(body, id);
        if (!given.connectionId().equals(id)) {
            throw ApiException.badRequest("The connection_id in the request body does not match the URL parameter");
        }
        List<String> mask = Query.of(request).all("update_mask");
        for (String field : mask) {
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest("Invalid field `" + field + "` in update mask");
            }
        }
        Connection updated = updated(current, given, mask);
        connections.put(updated);
        return response(updated);
    }

    /** The given connection, or the current one with the fields named in {@code mask} taken from it. */
    private static Connection updated(Connection current, Connection given, List<String> mask) {
        String id = current.connectionId();
        return mask == null || mask.isEmpty() ? given : new Connection(id,
                mask.contains("conn_type") ? given.connType() : current.connType(),
                mask.contains("description") ? given.description() : current.description(),
                mask.contains("host") ? given.host() : current.host(),
                mask.contains("login") ? given.login() : current.login(),
                mask.contains("password") ? given.password() : current.password(),
                mask.contains("schema") ? given.schema() : current.schema(),
                mask.contains("port") ? given.port() : current.port(),
                mask.contains("extra") ? given.extra() : current.extra());
    }

    /** Airflow 3's bulk create, update and delete ({@link Bulk}). */
    @Patch
    public Map<String, Object> bulk(@Body @Nullable String text) {
        return new Bulk<>(connections, Connection::connectionId, new Bulk.Resource<Connection>() {
            @Override
            public String described() {
                return "connections with these connection_ids";
            }

            @Override
            public Connection read(io.updraft.rest.Body entity) {
                return ConnectionsController.read(entity, null);
            }

            @Override
            public Connection updated(String id, Connection given, io.updraft.rest.Body entity, List<String> mask) {
                return ConnectionsController.updated(find(id), given, mask);
            }
        }, FIELDS).handle(text);
    }

    @Delete("/{connection_id}")
    public HttpResponse<?> delete(@PathVariable("connection_id") String id) {
        if (!connections.delete(id)) {
            throw notFound(id);
        }
        return HttpResponse.noContent();
    }

    private Connection find(String id) {
        return connections.find(id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("The Connection with connection_id: `" + id + "` was not found");
    }

    private static Connection read(io.updraft.rest.Body body, String pathId) {
        body.require("connection_id");
        body.require("conn_type");
        String id = body.string("connection_id", 200);
        if (id == null || !CONNECTION_ID.matcher(id).matches()) {
            throw body.invalid("string_pattern_mismatch", "connection_id",
                    "String should match pattern '^[\\w.-]+$'", id);
        }
        String type = body.string("conn_type");
        if (type == null) {
            throw body.invalid("string_type", "conn_type", "Input should be a valid string", null);
        }
        String extra = body.string("extra");
        if (extra != null) {
            if (extra.isEmpty()) {
                extra = "{}";
            } else {
                try {
                    if (!(Json.read(extra) instanceof Map)) {
                        throw new IllegalArgumentException("not an object");
                    }
                } catch (IllegalArgumentException e) {
                    throw body.invalid("value_error", "extra",
                            "Value error, The `extra` field must be a valid JSON object (e.g., {\"key\": \"value\"})",
                            extra);
                }
            }
        }
        return new Connection(id, type, body.string("description"), body.string("host"), body.string("login"),
                body.string("password"), body.string("schema"), body.integer("port"), extra);
    }

    static Map<String, Object> response(Connection connection) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connection_id", connection.connectionId());
        body.put("conn_type", connection.connType());
        body.put("description", connection.description());
        body.put("host", connection.host());
        body.put("login", connection.login());
        body.put("schema", connection.schema());
        body.put("port", connection.port());
        body.put("password", connection.password() == null ? null : REDACTED);
        body.put("extra", redactExtra(connection.extra()));
        body.put("team_name", null);
        return body;
    }

    /** The extra JSON with the values of sensitive keys replaced, at any depth. */
    static String redactExtra(String extra) {
        if (extra == null) {
            return null;
        }
        Object parsed;
        try {
            parsed = Json.read(extra);
        } catch (IllegalArgumentException e) {
            return extra;
        }
        return Json.write(SecretsMasker.global().redact(parsed, null));
    }
}
