package io.updraft.rest;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last line of input checking: a store error caused by a client's value (SQL state class 22, a data exception
 * such as a value too long for its column; class 23, a constraint such as a duplicate key) is answered as a 4xx
 * naming the column where the database says it, never a 500 with the SQL. Any other store error stays a 500,
 * logged. Controllers validate first; this catches what they missed.
 */
@Produces
@Singleton
@Requires(classes = {JdbiException.class, ExceptionHandler.class})
public class StoreExceptionHandler implements ExceptionHandler<JdbiException, HttpResponse<?>> {

    private static final Logger LOG = LoggerFactory.getLogger(StoreExceptionHandler.class);
    /** H2: {@code Value too long for column "run_id CHARACTER VARYING(250)"}. */
    private static final Pattern H2_TOO_LONG = Pattern.compile("column \"(\\w+) [^\"(]*\\((\\d+)\\)\"");
    /** PostgreSQL: {@code value too long for type character varying(250)}. */
    private static final Pattern PG_TOO_LONG = Pattern.compile("character varying\\((\\d+)\\)");

    private final ApiExceptionHandler apiErrors = new ApiExceptionHandler();

    @Override
    public HttpResponse<?> handle(HttpRequest request, JdbiException error) {
        SQLException sql = sqlCause(error);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        if (state.startsWith("22")) {
            return apiErrors.handle(request, dataError(request, sql, state));
        }
        if (state.startsWith("23")) {
            LOG.info("A request conflicted with stored data: {}", firstLine(sql.getMessage()));
            return apiErrors.handle(request, state.equals("23505")
                    ? new ApiException(409, "Conflict", "The entity already exists (a unique key is taken)")
                    : ApiException.badRequest("The request conflicts with stored data (a required or "
                    + "referenced value is missing)"));
        }
        LOG.error("Store error while answering {} {}", request.getMethodName(), request.getPath(), error);
        return HttpResponse.serverError(java.util.Map.of("detail", "Internal Server Error"));
    }

    private static ApiException dataError(HttpRequest<?> request, SQLException sql, String state) {
        String message = sql.getMessage() == null ? "" : sql.getMessage();
        String column = null;
        Integer max = null;
        Matcher h2 = H2_TOO_LONG.matcher(message);
        Matcher pg = PG_TOO_LONG.matcher(message);
        if (h2.find()) {
            column = h2.group(1);
            max = Integer.valueOf(h2.group(2));
        } else if (pg.find()) {
            max = Integer.valueOf(pg.group(1));
        }
        LOG.info("A request's value did not fit the store ({}): {}", state, firstLine(message));
        String msg = state.equals("22001") && max != null
                ? "String should have at most " + max + " characters"
                : "Value is out of the range the store accepts";
        String field = column == null ? "value" : column;
        if (request.getPath().startsWith("/api/v1")) {
            return ApiException.badRequest("'" + field + "': " + msg);
        }
        return Validation.error(state.equals("22001") ? "string_too_long" : "value_error", List.of("body", field),
                msg, null);
    }

    private static SQLException sqlCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                return sql;
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
