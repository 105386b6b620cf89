package io.updraft.rest.v2;

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
import io.updraft.rest.Bulk;
import io.updraft.rest.Page;
import io.updraft.rest.Patterns;
import io.updraft.rest.PoolUsage;
import io.updraft.rest.Query;
import io.updraft.run.RunStore;
import io.updraft.run.TaskInstance;
import io.updraft.config.Pool;
import io.updraft.config.PoolStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** {@code /api/v2/pools}, with slot usage counted from the task instances. */
@Controller("/api/v2/pools")
public class PoolsController {

    private static final Set<String> FIELDS = Set.of("name", "slots", "description", "include_deferred");

    private final PoolStore pools;
    private final RunStore runStore;

    public PoolsController(PoolStore pools, RunStore runStore) {
        this.runStore = runStore;
        this.pools = pools;
    }

    @Get
    public Map<String, Object> list(HttpRequest<?> request) {
        Query query = Query.of(request);
        Predicate<String> pattern = Patterns.like(query.string("pool_name_pattern"));
        List<Pool> all = pools.list(Integer.MAX_VALUE, 0);
        // the store's order is creation order: Airflow's id
        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < all.size(); i++) {
            ids.put(all.get(i).name(), i);
        }
        Map<String, Comparator<Pool>> order = Map.of(
                "id", Page.by(p -> ids.get(p.name())),
                "pool", Page.by(Pool::name),
                "name", Page.by(Pool::name));
        Page<Pool> page = Page.of(all.stream().filter(p -> pattern.test(p.name())).toList(), query, order, "id");
        List<TaskInstance> active = PoolUsage.active(runStore);
        return page.body("pools", p -> response(p, active));
    }

    @Get("/{pool_name}")
    public Map<String, Object> get(@PathVariable("pool_name") String name) {
        return response(find(name), PoolUsage.active(runStore));
    }

    @Post
    public HttpResponse<Map<String, Object>> create(@Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, FIELDS);
        body.require("name");
        body.require("slots");
        String name = name(body);
        if (pools.find(name).isPresent()) {
            throw ApiException.conflict("The Pool with name: `" + name + "` already exists");
        }
        Pool pool = new Pool(name, slots(body), body.string("description"), body.bool("include_deferred", false));
        pools.put(pool);
        return HttpResponse.created(response(pool, PoolUsage.active(runStore)));
    }

    /** Changes the fields present in the body, or those named in update_mask. */
    @Patch("/{pool_name}")
    public Map<String, Object> update(HttpRequest<?> request, @PathVariable("pool_name") String name,
                                      @Body @Nullable String text) {
        io.updraft.rest.Body body = io.updraft.rest.Body.strict(text, FIELDS);
        Pool current = find(name);
        List<String> mask = Query.of(request).all("update_mask");
        for (String field : mask) {
            if (!FIELDS.contains(field)) {
                throw ApiException.badRequest("Invalid field `" + field + "` in update mask");
            }
        }
        if (body.has("name") && !name.equals(body.string("name"))) {
            throw ApiException.badRequest("Invalid body, pool name from request body doesn't match uri parameter");
        }
        List<String> fields = mask.isEmpty() ? new ArrayList<>(body.fields()) : mask;
        if (Pool.DEFAULT_POOL.equals(name) && fields.stream().anyMatch(f -> !f.equals("slots") && !f.equals("name"))) {
            throw ApiException.badRequest("Only slots and included_deferred can be modified on Default Pool");
        }
        Pool updated = new Pool(name,
                fields.contains("slots") ? slots(body) : current.slots(),
                fields.contains("description") ? body.string("description") : current.description(),
                fields.contains("include_deferred") ? body.bool("include_deferred", false) : current.includeDeferred());
        pools.put(updated);
        return response(updated, PoolUsage.active(runStore));
    }

    /** Airflow 3's bulk create, update and delete ({@link Bulk}). */
    @Patch
    public Map<String, Object> bulk(@Body @Nullable String text) {
        return new Bulk<>(pools, Pool::name, new Bulk.Resource<Pool>() {
            @Override
            public String described() {
                return "pools with these pool names";
            }

            @Override
            public Pool read(io.updraft.rest.Body entity) {
                entity.require("name");
                entity.require("slots");
                return new Pool(name(entity), slots(entity), entity.string("description"),
                        entity.bool("include_deferred", false));
            }

            /** The fields given (or those of the mask); default_pool only takes slots and include_deferred. */
            @Override
            public Pool updated(String name, Pool given, io.updraft.rest.Body entity, List<String> mask) {
                if (Pool.DEFAULT_POOL.equals(name) && (mask == null || mask.isEmpty()
                        || !Set.of("slots", "include_deferred").containsAll(mask))) {
                    throw ApiException.badRequest("Only slots and included_deferred can be modified on Default Pool");
                }
                Pool current = find(name);
                Set<String> fields = new java.util.HashSet<>(entity.fields());
                if (mask != null && !mask.isEmpty()) {
                    fields.retainAll(mask);
                }
                return new Pool(name, fields.contains("slots") ? given.slots() : current.slots(),
                        fields.contains("description") ? given.description() : current.description(),
                        fields.contains("include_deferred") ? given.includeDeferred() : current.includeDeferred());
            }

            @Override
            public void checkDelete(String name) {
                if (Pool.DEFAULT_POOL.equals(name)) {
                    throw ApiException.badRequest("Default Pool can't be deleted");
                }
            }
        }, FIELDS).handle(text);
    }

    @Delete("/{pool_name}")
    public HttpResponse<?> delete(@PathVariable("pool_name") String name) {
        if (Pool.DEFAULT_POOL.equals(name)) {
            throw ApiException.badRequest("Default Pool can't be deleted");
        }
        if (!pools.delete(name)) {
            throw notFound(name);
        }
        return HttpResponse.noContent();
    }

    private Pool find(String name) {
        return pools.find(name).orElseThrow(() -> notFound(name));
    }

    private static ApiException notFound(String name) {
        return ApiException.notFound("The Pool with name: `" + name + "` was not found");
    }

    private static String name(io.updraft.rest.Body body) {
        String name = body.string("name");
        if (name == null || name.length() > 256) {
            throw body.invalid("string_too_long", "name", "String should have at most 256 characters", name);
        }
        return name;
    }

    private static int slots(io.updraft.rest.Body body) {
        Integer slots = body.integer("slots");
        if (slots == null || slots < -1) {
            throw body.invalid("greater_than_equal", "slots", "Input should be greater than or equal to -1", slots);
        }
        return slots;
    }

    static Map<String, Object> response(Pool pool, List<TaskInstance> active) {
        Map<String, Object> body = new LinkedHashMap<>(PoolUsage.of(pool, active));
        body.put("team_name", null);
        return body;
    }
}
