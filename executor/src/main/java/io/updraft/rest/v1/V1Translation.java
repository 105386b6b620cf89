package io.updraft.rest.v1;

import io.updraft.rest.ApiException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Airflow 2's answers from v2's: the fields v2 added (or v1 never returns) dropped, and v2's "not found" in v1's
 * words. v1 endpoints whose meaning is v2's call v2 and pass the answer through here.
 */
final class V1Translation {

    private V1Translation() {
    }

    /** v2's entity body without the named fields. */
    static Map<String, Object> without(Map<String, Object> v2, String... fields) {
        Map<String, Object> body = new LinkedHashMap<>(v2);
        Arrays.asList(fields).forEach(body::remove);
        return body;
    }

    /** v2's list body ({@code {collection: [...], total_entries}}) with each entity without the named fields. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> listWithout(Map<String, Object> v2, String collection, String... fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(collection, ((List<Map<String, Object>>) v2.get(collection)).stream()
                .map(entity -> without(entity, fields)).toList());
        body.put("total_entries", v2.get("total_entries"));
        return body;
    }

    /** v2's answer, its 404 answered as v1's {@code notFound} instead. */
    static <T> T notFoundAs(ApiException notFound, Supplier<T> v2) {
        try {
            return v2.get();
        } catch (ApiException e) {
            throw e.status() == 404 ? notFound : e;
        }
    }
}
