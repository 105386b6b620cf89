package io.updraft.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.updraft.json.Json;
import io.updraft.config.KeyedStore;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Airflow 3's bulk PATCH of a collection ({@code BulkBody}/{@code BulkService}): a list of create, update and
 * delete actions, each answered with the keys it changed and its errors, under {@code create}, {@code update} and
 * {@code delete}. As in Airflow an action first checks which keys exist and fails as a whole (409 for create, 404
 * for update and delete) when {@code action_on_existence} / {@code action_on_non_existence} is {@code fail}; an
 * action here also writes all its entities in one transaction, or none when it reports an error.
 *
 * @param <E> the entity (a variable, a pool, a connection)
 */
public final class Bulk<E> {

    /** What a collection adds to its store: its wording, how it reads an entity and what an update leaves. */
    public interface Resource<E> {

        /** Airflow's wording in its errors, e.g. "variables with these keys". */
        String described();

        /** Reads and validates an entity of a create or update action (422 naming the field). */
        E read(Body entity);

        /**
         * The entity as an update leaves it: the given one's fields, only those in {@code updateMask} when it is
         * not null; an {@link ApiException} refuses the update.
         */
        E updated(String key, E given, Body entity, List<String> updateMask);

        /** Refuses a delete with an {@link ApiException} (Airflow's default pool); nothing by default. */
        default void checkDelete(String key) {
        }
    }

    private static final Set<String> CREATE_FIELDS = Set.of("action", "entities", "action_on_existence");
    private static final Set<String> UPDATE_FIELDS = Set.of("action", "entities", "action_on_non_existence",
            "update_mask");
    private static final Set<String> DELETE_FIELDS = Set.of("action", "entities", "action_on_non_existence");

    private final KeyedStore<E> store;
    private final Function<E, String> key;
    private final Resource<E> resource;
    private final Set<String> entityFields;

    /**
     * @param key          an entity's key in the store
     * @param entityFields the fields an entity may have (Airflow's body model is strict)
     */
    public Bulk(KeyedStore<E> store, Function<E, String> key, Resource<E> resource, Set<String> entityFields) {
        this.store = store;
        this.key = key;
        this.resource = resource;
        this.entityFields = entityFields;
    }

    /** One action as asked: entities already read, so a bad body is refused before anything is written. */
    private record Action<E>(String kind, List<E> entities, List<Body> bodies, List<String> keys,
                             String onExistence, String onNonExistence, List<String> updateMask) {
    }

    /** Validates the whole body (422 for any bad part, as FastAPI does), then runs the actions in order. */
    public Map<String, Object> handle(String text) {
        Body body = Body.strict(text, Set.of("actions"));
        body.require("actions");
        JsonNode actionsNode = body.node("actions");
        if (actionsNode == null || !actionsNode.isArray()) {
            throw body.invalid("list_type", "actions", "Input should be a valid list",
                    actionsNode == null ? null : Json.MAPPER.convertValue(actionsNode, Object.class));
        }
        List<Action<E>> actions = new ArrayList<>();
        for (int i = 0; i < actionsNode.size(); i++) {
            actions.add(action(actionsNode.get(i), body.loc("actions", i)));
        }
        Map<String, Map<String, List<Object>>> results = new LinkedHashMap<>();
        for (Action<E> action : actions) {
            Map<String, List<Object>> result = results.computeIfAbsent(action.kind(), kind -> {
                Map<String, List<Object>> fresh = new LinkedHashMap<>();
                fresh.put("success", new ArrayList<>());
                fresh.put("errors", new ArrayList<>());
                return fresh;
            });
            try {
                result.get("success").addAll(run(action));
            } catch (ApiException e) {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("error", String.valueOf(e.detail()));
                error.put("status_code", e.status());
                result.get("errors").add(error);
            }
        }
        Map<String, Object> response = new LinkedHashMap<>();
        for (String kind : List.of("create", "update", "delete")) {
            response.put(kind, results.get(kind));
        }
        return response;
    }

    private Action<E> action(JsonNode node, List<Object> loc) {
        JsonNode kindNode = node == null ? null : node.get("action");
        String kind = kindNode != null && kindNode.isTextual() ? kindNode.asText() : null;
        if (kind == null || !Set.of("create", "update", "delete").contains(kind)) {
            throw Validation.error("union_tag_invalid", loc, "Input tag '" + (kind == null ? kindNode : kind)
                    + "' found using _action_discriminator() does not match any of the expected tags: 'create', "
                    + "'update', 'delete'", node == null ? null : Json.MAPPER.convertValue(node, Object.class));
        }
        List<Object> at = new ArrayList<>(loc);
        at.add(kind);
        Body action = Body.strictAt(node, at, switch (kind) {
            case "create" -> CREATE_FIELDS;
            case "update" -> UPDATE_FIELDS;
            default -> DELETE_FIELDS;
        });
        action.require("entities");
        JsonNode entitiesNode = action.node("entities");
        if (!entitiesNode.isArray()) {
            throw action.invalid("list_type", "entities", "Input should be a valid list",
                    Json.MAPPER.convertValue(entitiesNode, Object.class));
        }
        String onExistence = choice(action, "action_on_existence", Set.of("fail", "skip", "overwrite"));
        String onNonExistence = choice(action, "action_on_non_existence", Set.of("fail", "skip"));
        List<String> updateMask = action.strings("update_mask");
        List<E> entities = new ArrayList<>();
        List<Body> bodies = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < entitiesNode.size(); i++) {
            JsonNode entity = entitiesNode.get(i);
            if (kind.equals("delete")) {
                if (!entity.isTextual()) {
                    throw Validation.error("string_type", action.loc("entities", i), "Input should be a valid string",
                            Json.MAPPER.convertValue(entity, Object.class));
                }
                keys.add(entity.asText());
            } else {
                Body entityBody = Body.strictAt(entity, action.loc("entities", i), entityFields);
                E read = resource.read(entityBody);
                entities.add(read);
                bodies.add(entityBody);
                keys.add(key.apply(read));
            }
        }
        return new Action<>(kind, entities, bodies, keys, onExistence == null ? "fail" : onExistence,
                onNonExistence == null ? "fail" : onNonExistence, updateMask);
    }

    private static String choice(Body action, String field, Set<String> allowed) {
        String value = action.string(field);
        if (value != null && !allowed.contains(value)) {
            throw action.invalid("enum", field, "Input should be " + String.join(" or ",
                    allowed.stream().sorted().map(v -> "'" + v + "'").toList()), value);
        }
        return value;
    }

    /** @return the keys the action changed, in the order given */
    private List<String> run(Action<E> action) {
        Set<String> existing = action.keys().stream().distinct().filter(k -> store.find(k).isPresent()).collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>(action.keys());
        missing.removeAll(existing);
        List<String> done = new ArrayList<>();
        switch (action.kind()) {
            case "create" -> {
                if (action.onExistence().equals("fail") && !existing.isEmpty()) {
                    throw new ApiException(409, "The " + resource.described() + ": " + pythonSet(existing)
                            + " already exist.");
                }
                List<E> puts = new ArrayList<>();
                for (E entity : action.entities()) {
                    String entityKey = key.apply(entity);
                    if (!action.onExistence().equals("skip") || !existing.contains(entityKey)) {
                        puts.add(entity);
                        done.add(entityKey);
                    }
                }
                store.putAll(puts);
            }
            case "update" -> {
                failWhenMissing(action, missing);
                List<E> puts = new ArrayList<>();
                for (int i = 0; i < action.entities().size(); i++) {
                    E entity = action.entities().get(i);
                    String entityKey = key.apply(entity);
                    if (existing.contains(entityKey)) {
                        puts.add(resource.updated(entityKey, entity, action.bodies().get(i), action.updateMask()));
                        done.add(entityKey);
                    }
                }
                store.putAll(puts);
            }
            default -> {
                failWhenMissing(action, missing);
                List<String> deletes = new ArrayList<>();
                for (String deleted : new LinkedHashSet<>(action.keys())) {
                    if (existing.contains(deleted)) {
                        resource.checkDelete(deleted);
                        deletes.add(deleted);
                    }
                }
                store.deleteAll(deletes);
                done.addAll(deletes);
            }
        }
        return done;
    }

    private void failWhenMissing(Action<E> action, Set<String> missing) {
        if (action.onNonExistence().equals("fail") && !missing.isEmpty()) {
            throw new ApiException(404, "The " + resource.described() + ": " + pythonSet(missing)
                    + " were not found.");
        }
    }

    /** The keys as Python prints a set of strings, as Airflow's messages show them: {@code {'a', 'b'}}. */
    static String pythonSet(Collection<String> keys) {
        List<String> reprs = new ArrayList<>();
        for (String key : new TreeSet<>(keys)) {
            reprs.add(key.contains("'") && !key.contains("\"") ? "\"" + key.replace("\\", "\\\\") + "\""
                    : "'" + key.replace("\\", "\\\\").replace("'", "\\'") + "'");
        }
        return "{" + String.join(", ", reprs) + "}";
    }
}
