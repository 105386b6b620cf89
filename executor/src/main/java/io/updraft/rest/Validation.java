package io.updraft.rest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** FastAPI's 422 body: {@code {"detail": [{"type","loc","msg","input"}]}}, naming the bad field. */
public final class Validation {

    private Validation() {
    }

    public static ApiException error(String type, List<Object> loc, String msg, Object input) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("type", type);
        item.put("loc", new ArrayList<>(loc));
        item.put("msg", msg);
        item.put("input", input);
        return new ApiException(422, List.of(item));
    }

    public static ApiException body(String type, String field, String msg, Object input) {
        return error(type, List.of("body", field), msg, input);
    }

    public static ApiException query(String type, String field, String msg, Object input) {
        return error(type, List.of("query", field), msg, input);
    }
}
