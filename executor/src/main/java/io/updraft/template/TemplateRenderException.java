package io.updraft.template;

/** A template field could not be rendered (syntax error, undefined variable, failing expression). */
public class TemplateRenderException extends RuntimeException {

    private final String field;

    public TemplateRenderException(String field, String message, Throwable cause) {
        super("Error rendering template field '" + field + "': " + message, cause);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
