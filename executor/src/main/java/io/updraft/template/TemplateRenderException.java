package io.updraft.template;

import io.updraft.UpdraftException;

/** A template field could not be rendered (syntax error, undefined variable, failing expression). */
public class TemplateRenderException extends UpdraftException {

    private final String field;

    public TemplateRenderException(String field, String message, Throwable cause) {
        super("Error rendering template field '" + field + "': " + message, cause);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
