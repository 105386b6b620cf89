package io.updraft.rest;

import io.updraft.UpdraftException;

/**
 * An error answered with Airflow's status and message: {@code {"detail": ...}} under /api/v2, a problem+json body
 * under /api/v1 (see {@link ApiExceptionHandler}).
 *
 * @param detail a message, or a structured detail (422 validation errors are a list)
 */
public final class ApiException extends UpdraftException {

    private final int status;
    private final transient Object detail;
    private final String title;

    public ApiException(int status, Object detail) {
        this(status, null, detail);
    }

    /** @param title the v1 problem title; null for the status's default */
    public ApiException(int status, String title, Object detail) {
        super(String.valueOf(detail), null, false, false);
        this.status = status;
        this.title = title;
        this.detail = detail;
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, detail);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, detail);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(409, detail);
    }

    public int status() { return status; }
    public Object detail() { return detail; }
    public String title() { return title; }
}
