package io.updraft.rest.v1;

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
import io.updraft.rest.Query;
import io.updraft.rest.v2.VariablesController;
import io.updraft.config.Variable;
import io.updraft.config.VariableStore;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Airflow 2's {@code /api/v1/variables}: values are strings; POST sets (200). */
@Controller("/api/v1/variables")
public class V1VariablesController {

    private static final String[] V2_ONLY = {"is_encrypted", "team_name"};

    private final VariableStore variables;
    private final VariablesController v2;

    public V1VariablesController(VariablesController v2, VariableStore variables) {
        this.variables = variables;
        this.v2 = v2;
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request) {
        return V1Translation.listWithout(v2.list(request), "variables", V2_ONLY);
    }

    @Get("/{+variable_key}")
    public Map<String, Object> get(@PathVariable("variable_key") String key) {
        return V1Translation.without(notFoundAs(() -> v2.get(key)), V2_ONLY);
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
        return notFoundAs(() -> v2.delete(key));
    }

    private static Variable read(io.updraft.rest.Body body) {
        String key = body.string("key", InputLimits.ID_LENGTH);
        if (key == null || !body.has("value")) {
            throw new ApiException(400, "Invalid Variable schema", "{'" + (key == null ? "key" : "value")
                    + "': ['Missing data for required field.']}");
        }
        Object value = body.value("value");
        return new Variable(key, VariablesController.value(value), body.string("description"));
    }

    private static <T> T notFoundAs(Supplier<T> v2) {
        return V1Translation.notFoundAs(notFound(), v2);
    }

    private static ApiException notFound() {
        return new ApiException(404, "Variable not found", "Variable does not exist");
    }

    private static Map<String, Object> response(Variable variable) {
        return V1Translation.without(VariablesController.response(variable), V2_ONLY);
    }
}
