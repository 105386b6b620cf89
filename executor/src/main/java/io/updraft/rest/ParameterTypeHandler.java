package io.updraft.rest;

import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.AnnotationMetadata;
import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.exceptions.ConversionErrorHandler;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.util.List;

/**
 * A path or query parameter that does not convert to its type (a backfill id {@code abc}, a try number
 * {@code x}): 422 with FastAPI's validation detail naming the parameter under /api/v2, and Connexion's 400
 * problem under /api/v1, instead of the framework's own body.
 */
@Produces
@Singleton
@Replaces(ConversionErrorHandler.class)
public class ParameterTypeHandler implements ExceptionHandler<ConversionErrorException, HttpResponse<?>> {

    private final ApiExceptionHandler api;

    public ParameterTypeHandler(ApiExceptionHandler api) {
        this.api = api;
    }

    @Override
    public HttpResponse<?> handle(HttpRequest request, ConversionErrorException error) {
        return api.handle(request, toApiException(request.getPath(), error));
    }

    static ApiException toApiException(String path, ConversionErrorException error) {
        Argument<?> argument = error.getArgument();
        AnnotationMetadata annotations = argument.getAnnotationMetadata();
        String location = annotations.hasAnnotation(PathVariable.class) ? "path"
                : annotations.hasAnnotation(QueryValue.class) ? "query" : "body";
        String name = annotations.stringValue(PathVariable.class)
                .or(() -> annotations.stringValue(QueryValue.class))
                .orElse(argument.getName());
        Object input = error.getConversionError().getOriginalValue().orElse(null);
        boolean integral = isIntegral(argument.getType());
        if (path.startsWith("/api/v1")) {
            // Connexion's message for a value that fails the OpenAPI parameter type
            return new ApiException(400, "Bad Request", "'" + input + "' is not of type '"
                    + (integral ? "integer" : argument.getType().getSimpleName().toLowerCase()) + "'");
        }
        if (integral) {
            return Validation.error("int_parsing", List.of(location, name),
                    "Input should be a valid integer, unable to parse string as an integer", input);
        }
        return Validation.error("value_error", List.of(location, name), "Input should be a valid "
                + argument.getType().getSimpleName().toLowerCase(), input);
    }

    private static boolean isIntegral(Class<?> type) {
        return type == int.class || type == long.class || type == Integer.class || type == Long.class
                || type == short.class || type == Short.class;
    }
}
