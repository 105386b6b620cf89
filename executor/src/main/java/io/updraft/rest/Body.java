package io.updraft.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.updraft.json.Json;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A JSON request body read field by field, so that each bad field is reported by name. Strict bodies (Airflow 3's
 * {@code StrictBaseModel}) reject fields they do not know with 422; lenient ones (Airflow 2) ignore them.
 */
public final class Body {

    private final ObjectNode node;
    private final boolean v1;
    /** Where this object sits in the request, for 422 locations: ["body"], or deeper for a nested object. */
    private final List<Object> loc;

    private Body(ObjectNode node, boolean v1, List<Object> loc) {
        this.node = node;
        this.v1 = v1;
        this.loc = loc;
    }

    /** Airflow 3: unknown fields are 422 "Extra inputs are not permitted". */
    public static Body strict(String text, Set<String> allowed) {
        return parse(text, false).rejectingOthers(allowed);
    }

    /**
     * A nested object of an Airflow 3 body (an entity of a bulk action), strict like its parent.
     *
     * @param loc where it sits, e.g. {@code ["body", "actions", 0, "create", "entities", 2]}
     */
    public static Body strictAt(JsonNode node, List<Object> loc, Set<String> allowed) {
        if (!(node instanceof ObjectNode object)) {
            throw Validation.error("model_attributes_type", loc,
                    "Input should be a valid dictionary or object to extract fields from", raw(node));
        }
        return new Body(object, false, List.copyOf(loc)).rejectingOthers(allowed);
    }

    private Body rejectingOthers(Set<String> allowed) {
        var names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw invalid("extra_forbidden", name, "Extra inputs are not permitted", raw(node.get(name)));
            }
        }
        return this;
    }

    /** The JSON of a field, or null. */
    public JsonNode node(String field) {
        return node.get(field);
    }

    /** Where a field of this object sits, for a 422 location. */
    public List<Object> loc(Object... path) {
        List<Object> full = new ArrayList<>(loc);
        full.addAll(List.of(path));
        return full;
    }

    /** Airflow 2: unknown fields are ignored; bad values are 400 problems. */
    public static Body lenient(String text) {
        return parse(text, true);
    }

    private static Body parse(String text, boolean v1) {
        JsonNode node;
        try {
            node = text == null || text.isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            if (v1) {
                throw ApiException.badRequest("Request body is not valid JSON");
            }
            throw Validation.error("json_invalid", List.of("body", e.getLocation() == null ? 0
                    : (int) e.getLocation().getCharOffset()), "JSON decode error", Map.of());
        }
        if (!(node instanceof ObjectNode object)) {
            if (v1) {
                throw ApiException.badRequest("Request body must be a JSON object");
            }
            throw Validation.error("model_attributes_type", List.of("body"),
                    "Input should be a valid dictionary or object to extract fields from",
                    Json.MAPPER.convertValue(node, Object.class));
        }
        return new Body(object, v1, List.of("body"));
    }

    public boolean has(String field) {
        return node.has(field);
    }

    public boolean isNull(String field) {
        return node.has(field) && node.get(field).isNull();
    }

    public Set<String> fields() {
        Set<String> names = new java.util.LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The field must be present (it may be null). */
    public void require(String field) {
        if (!node.has(field)) {
            throw invalid("missing", field, "Field required", Json.MAPPER.convertValue(node, Object.class));
        }
    }

    public String string(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw invalid("string_type", field, "Input should be a valid string", raw(value));
        }
        return value.asText();
    }

    /** {@link #string} of at most {@code maxLength} characters (pydantic's {@code string_too_long}). */
    public String string(String field, int maxLength) {
        String text = string(field);
        if (text != null && text.length() > maxLength) {
            throw invalid("string_too_long", field, "String should have at most " + maxLength + " characters",
                    text);
        }
        return text;
    }

    public Boolean bool(String field, Boolean fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw invalid("bool_parsing", field, "Input should be a valid boolean", raw(value));
        }
        return value.asBoolean();
    }

    public Integer integer(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw invalid("int_parsing", field, "Input should be a valid integer", raw(value));
        }
        return value.asInt();
    }

    public Instant instant(String field) {
        String text = string(field);
        if (text == null) {
            return null;
        }
        Instant parsed = Dates.parse(text);
        if (parsed == null) {
            throw invalid("datetime_from_date_parsing", field, "Input should be a valid datetime", text);
        }
        return parsed;
    }

    @SuppressWarnings("unchecked")
    public Map<String, Object> object(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isObject()) {
            throw invalid("dict_type", field, "Input should be a valid dictionary", raw(value));
        }
        return Json.MAPPER.convertValue(value, Map.class);
    }

    public List<String> strings(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw invalid("list_type", field, "Input should be a valid list", raw(value));
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual()) {
                throw invalid("string_type", field, "Input should be a valid string", raw(item));
            }
            items.add(item.asText());
        }
        return items;
    }

    /** Any JSON value. */
    public Object value(String field) {
        JsonNode value = node.get(field);
        return value == null ? null : raw(value);
    }

    /** A value that fails the field's own rule (a pattern, an allowed set). */
    public ApiException invalid(String type, String field, String msg, Object input) {
        if (v1) {
            return ApiException.badRequest("'" + field + "': " + msg);
        }
        return Validation.error(type, loc(field), msg, input);
    }

    private static Object raw(JsonNode value) {
        return Json.MAPPER.convertValue(value, Object.class);
    }
}
