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
import io.updraft.rest.PoolUsage;
import io.updraft.rest.Query;
import io.updraft.rest.v2.PoolsController;
import io.updraft.run.RunStore;
import io.updraft.config.Pool;
import io.updraft.config.PoolStore;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Airflow 2's {@code /api/v1/pools}: v2's reads and delete in v1's words; writes take Airflow 2's lenient body
 * (a PATCH may rename) and answer 200.
 */
@Controller("/api/v1/pools")
public class V1PoolsController {

    private final PoolStore pools;
    private final PoolsController v2;
    private final RunStore runStore;

    public V1PoolsController(PoolsController v2, PoolStore pools, RunStore runStore) {
        this.runStore = runStore;
        this.pools = pools;
        this.v2 = v2;
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request) {
        return V1Translation.listWithout(v2.list(request), "pools", "team_name");
    }

    @Get("/{pool_name}")
    public Map<String, Object> get(@PathVariable("pool_name") String name) {
        return V1Translation.without(notFoundAs(name, () -> v2.get(name)), "team_name");
    }

    @Post
    public Map<String, Object> create(@Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.lenient(text);
        String name = body.string("name", InputLimits.POOL_NAME_LENGTH);
        Integer slots = body.integer("slots");
        if (name == null || slots == null) {
            throw new ApiException(400, "Bad Request", "Missing required property(ies): ['"
                    + (name == null ? "name" : "slots") + "']");
        }
        if (pools.find(name).isPresent()) {
            throw new ApiException(409, "Conflict", "Pool: " + name + " already exists");
        }
        Pool pool = new Pool(name, slots, body.string("description"), body.bool("include_deferred", false));
        pools.put(pool);
        return PoolUsage.of(pool, PoolUsage.active(runStore));
    }

    @Patch("/{pool_name}")
    public Map<String, Object> update(HttpRequest<?> request, @PathVariable("pool_name") String name,
                                      @Body @Nullable String text) {
        Pool current = find(name);
        io.updraft.rest.Body body = io.updraft.rest.Body.lenient(text);
        List<String> mask = Query.of(request).all("update_mask");
        boolean all = mask.isEmpty();
        String newName = body.has("name") && (all || mask.contains("name"))
                ? body.string("name", InputLimits.POOL_NAME_LENGTH) : name;
        if (Pool.DEFAULT_POOL.equals(name) && !newName.equals(name)) {
            throw new ApiException(400, "Bad Request", "Default Pool's name can't be modified");
        }
        Pool updated = new Pool(newName,
                body.has("slots") && (all || mask.contains("slots")) ? body.integer("slots") : current.slots(),
                body.has("description") && (all || mask.contains("description")) ? body.string("description")
                        : current.description(),
                body.has("include_deferred") && (all || mask.contains("include_deferred"))
                        ? body.bool("include_deferred", false) : current.includeDeferred());
        if (!newName.equals(name)) {
            pools.delete(name);
        }
        pools.put(updated);
        return PoolUsage.of(updated, PoolUsage.active(runStore));
    }

    @Delete("/{pool_name}")
    public HttpResponse<?> delete(@PathVariable("pool_name") String name) {
        return notFoundAs(name, () -> v2.delete(name));
    }

    private Pool find(String name) {
        return pools.find(name).orElseThrow(() -> notFound(name));
    }

    private static <T> T notFoundAs(String name, Supplier<T> v2) {
        return V1Translation.notFoundAs(notFound(name), v2);
    }

    private static ApiException notFound(String name) {
        return new ApiException(404, "Not Found", "Pool with name:'" + name + "' not found");
    }
}
