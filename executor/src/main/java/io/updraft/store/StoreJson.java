package io.updraft.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.updraft.json.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one ObjectMapper behind the store's JSON text columns (dag_run.conf, dag.tags). */
final class StoreJson {

    private static final ObjectMapper MAPPER = Json.MAPPER;
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };

    private StoreJson() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot store value as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** A JSON object; null or blank text reads as an empty map. */
    static Map<String, Object> readMap(String json) {
        return json == null || json.isBlank() ? new LinkedHashMap<>() : read(json, MAP);
    }

    /** A JSON array of strings; null or blank text reads as an empty list. */
    static List<String> readStrings(String json) {
        return json == null || json.isBlank() ? List.of() : read(json, STRINGS);
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON is invalid: " + e.getOriginalMessage(), e);
        }
    }
}
