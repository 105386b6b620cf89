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
import io.updraft.config.Variable;
import io.updraft.config.VariableStore;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** {@code /api/v2/variables}. Keys may contain slashes. */
@Controller("/api/v2/variables")
public class VariablesController {

    private static final Map<String, Comparator<Variable>> ORDER = Map.of(
            "key", Page.by(Variable::key),
            "id", Page.by(Variable::key),
            "_val", Page.by(Variable::value),
            "description", Page.by(Variable::description),
            "is_encrypted", Page.by(Variable::key));
    private static final Set<String> FIELDS = Set.of("key", "value", "description");

    private final VariableStore variables;

    public VariablesController(VariableStore variables) {
        this.variables = variables;
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request) {
        Query query = Query.of(request);
        Predicate<String> pattern = Patterns.like(query.string("variable_key_pattern"));
        List<Variable> matching = variables.list(Integer.MAX_VALUE, 0).stream().filter(v -> pattern.test(v.key()))
                .toList();
        Page<Variable> page = Page.of(matching, query, ORDER, "key");
        return page.body("variables", VariablesController::response);
    }

    @Get("/{+variable_key}")
    public Map<String, Object> get(@PathVariable("variable_key") String key) {
        return response(find(key));
    }

    @Post
    public HttpResponse<Map<String, Object>> create(@Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, FIELDS);
        body.require("key");
        body.require("value");
        String key = key(body);
        if (variables.find(key).isPresent()) {
            throw ApiException.conflict("The Variable with key: `" + key + "` already exists");
        }
        Variable variable = new Variable(key, value(body.value("value")), body.string("description"));
        variables.put(variable);
        return HttpResponse.created(response(variable));
    }

    /** Updates the value and description, or only the fields named in update_mask. */
    @Patch("/{+variable_key}")
    public Map<String, Object> update(HttpRequest<?> request, @PathVariable("variable_key") String key,
                                      @Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, FIELDS);
        body.require("key");
        body.require("value");
        if (!key.equals(key(body))) {
            throw ApiException.badRequest("Invalid body, key from request body doesn't match uri parameter");
        }
        Variable current = find(key);
        List<String> mask = Query.of(request).all("update_mask");
        for (String field : mask) {
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest("Invalid field `" + field + "` in update mask");
            }
        }
        String value = mask.isEmpty() || mask.contains("value") ? value(body.value("value")) : current.value();
        String description = mask.isEmpty() || mask.contains("description") ? body.string("description")
                : current.description();
        Variable updated = new Variable(key, value, description);
        variables.put(updated);
        return response(updated);
    }

    /** Airflow 3's bulk create, update and delete ({@link Bulk}). */
    @Patch
    public Map<String, Object> bulk(@Body @Nullable String text) {
        return new Bulk<>(variables, Variable::key, new Bulk.Resource<Variable>() {
            @Override
            public String described() {
                return "variables with these keys";
            }

            @Override
            public Variable read(io.updraft.rest.Body entity) {
                entity.require("key");
                entity.require("value");
                return new Variable(VariablesController.key(entity), value(entity.value("value")), entity.string("description"));
            }

            @Override
            public Variable updated(String key, Variable given, io.updraft.rest.Body entity, List<String> mask) {
                if (mask == null) {
                    return given;
                }
                Variable current = find(key);
                return new Variable(key, mask.contains("value") ? given.value() : current.value(),
                        mask.contains("description") ? given.description() : current.description());
            }
        }, FIELDS).handle(text);
    }

    @Delete("/{+variable_key}")
    public HttpResponse<?> delete(@PathVariable("variable_key") String key) {
        if (!variables.delete(key)) {
            throw notFound(key);
        }
        return HttpResponse.noContent();
    }

    private Variable find(String key) {
        return variables.find(key).orElseThrow(() -> notFound(key));
    }

    private static ApiException notFound(String key) {
        return ApiException.notFound("The Variable with key: `" + key + "` was not found");
    }

    private static String key(io.updraft.rest.Body body) {
        String key = body.string("key");
        if (key == null || key.length() > 250) {
            throw body.invalid("string_too_long", "key", "String should have at most 250 characters", key);
        }
        return key;
    }

    /** Strings are stored as they are, anything else as its JSON text (as Airflow does). */
    public static String value(Object value) {
        return value instanceof String s ? s : Json.write(value);
    }

    public static Map<String, Object> response(Variable variable) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", variable.key());
        body.put("value", SecretsMasker.global().redactText(variable.value(), variable.key()));
        body.put("description", variable.description());
        body.put("is_encrypted", false);
        body.put("team_name", null);
        return body;
    }
}
