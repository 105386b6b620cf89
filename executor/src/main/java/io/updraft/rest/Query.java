package io.updraft.rest;

import io.micronaut.http.HttpParameters;
import io.micronaut.http.HttpRequest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Query parameters read by name, so that bad values are reported like FastAPI (422, {@code loc: ["query", name]})
 * or Connexion (400) rather than by the framework's own conversion errors.
 */
public final class Query {

    private final HttpParameters parameters;
    private final boolean v1;

    private Query(HttpParameters parameters, boolean v1) {
        this.parameters = parameters;
        this.v1 = v1;
    }

    public static Query of(HttpRequest<?> request) {
        return new Query(request.getParameters(), request.getPath().startsWith("/api/v1"));
    }

    public boolean isV1() {
        return v1;
    }

    public String string(String name) {
        return parameters.get(name);
    }

    /** Every value of a repeated parameter; comma lists are split (update_mask=a,b and update_mask=a&update_mask=b). */
    public List<String> all(String name) {
        List<String> values = new ArrayList<>();
        for (String value : parameters.getAll(name)) {
            for (String part : value.split(",")) {
                if (!part.isBlank()) {
                    values.add(part.trim());
                }
            }
        }
        return values;
    }

    public Integer integer(String name) {
        String value = parameters.get(name);
        if (value == null) {
            return null;
        }
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw bad("int_parsing", name, "Input should be a valid integer, unable to parse string as an integer",
                    value);
        }
    }

    public Boolean bool(String name) {
        String value = parameters.get(name);
        if (value == null) {
            return null;
        }
        // pydantic's accepted spellings
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on", "t", "y" -> true;
            case "false", "0", "no", "off", "f", "n" -> false;
            default -> throw bad("bool_parsing", name,
                    "Input should be a valid boolean, unable to interpret input", value);
        };
    }

    public boolean bool(String name, boolean fallback) {
        Boolean value = bool(name);
        return value == null ? fallback : value;
    }

    public Instant instant(String name) {
        String value = parameters.get(name);
        if (value == null) {
            return null;
        }
        Instant parsed = Dates.parse(value);
        if (parsed == null) {
            throw bad("datetime_from_date_parsing", name, "Input should be a valid datetime", value);
        }
        return parsed;
    }

    public ApiException bad(String type, String name, String msg, Object input) {
        if (v1) {
            return ApiException.badRequest("Invalid value for query parameter '" + name + "': " + input);
        }
        return Validation.query(type, name, msg, input);
    }
}
