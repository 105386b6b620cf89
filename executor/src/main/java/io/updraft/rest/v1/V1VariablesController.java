package io.updraft.rest.v1;

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
import io.updraft.rest.ApiException;
import io.updraft.rest.InputLimits;
import io.updraft.rest.Lookup;
import io.updraft.rest.Page;
import io.updraft.rest.Query;
import io.updraft.store.Variable;
import io.updraft.store.VariableStore;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Airflow 2's {@code /api/v1/variables}: values are strings; POST sets (200). */
@Controller("/api/v1/variables")
public class V1VariablesController {

    private static final Map<String, Comparator<Variable>> ORDER = Map.of(
            "key", Page.by(Variable::key), "id", Page.by(Variable::key));

    private final VariableStore variables;

    public V1VariablesController(Lookup lookup) {
        this.variables = lookup.updraft().variables();
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request) {
        Page<Variable> page = Page.of(variables.list(Integer.MAX_VALUE, 0), Query.of(request), ORDER, "key");
        return Map.of("variables", page.items().stream().map(V1VariablesController::response).toList(),
                "total_entries", page.total());
    }

    @Get("/{+variable_key}")
    public Map<String, Object> get(@PathVariable("variable_key") String key) {
        return response(variables.find(key).orElseThrow(V1VariablesController::notFound));
    }

    @Post
    public Map<String, Object> create(@Body @Nullable String text) {
        Variable variable = read(io.updraft.rest.Body.lenient(text));
        variables.put(variable);
        return response(variable);
    }

    @Patch("/{+variable_key}")
    public Map<String, Object> update(HttpRequest<?> request, @PathVariable("variable_key") String key,
                                      @Body @Nullable String text) {
        Variable current = variables.find(key).orElseThrow(V1VariablesController::notFound);
        Variable given = read(io.updraft.rest.Body.lenient(text));
        if (!given.key().equals(key)) {
            throw new ApiException(400, "Invalid post body", "key from request body doesn't match uri parameter");
        }
        List<String> mask = Query.of(request).all("update_mask");
        Variable updated = mask.isEmpty() ? given : new Variable(key,
                mask.contains("value") ? given.value() : current.value(),
                mask.contains("description") ? given.description() : current.description());
        variables.put(updated);
        return response(updated);
    }

    @Delete("/{+variable_key}")
    public HttpResponse<?> delete(@PathVariable("variable_key") String key) {
        if (!variables.delete(key)) {
            throw notFound();
        }
        return HttpResponse.noContent();
    }

    private static Variable read(io.updraft.rest.Body body) {
        String key = body.string("key", InputLimits.ID_LENGTH);
        if (key == null || !body.has("value")) {
            throw new ApiException(400, "Invalid Variable schema", "{'" + (key == null ? "key" : "value")
                    + "': ['Missing data for required field.']}");
        }
        Object value = body.value("value");
        return new Variable(key, value instanceof String s ? s : io.updraft.json.Json.write(value),
                body.string("description"));
    }

    private static ApiException notFound() {
        return new ApiException(404, "Variable not found", "Variable does not exist");
    }

    private static Map<String, Object> response(Variable variable) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("key", variable.key());
        body.put("value", SecretsMasker.global().redactText(variable.value(), variable.key()));
        body.put("description", variable.description());
        return body;
    }
}
