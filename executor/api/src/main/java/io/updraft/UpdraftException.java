package io.updraft;

/**
 * The root of Updraft's own unchecked errors (a DAG file that does not load, a stale state change, a REST error,
 * a template that does not render, a bad token, ...): code that wants any of them catches this one type. It lives
 * in the plugin contract's module so that the contract's {@code FailTaskException} and {@code SkipTaskException}
 * and the plugins' own errors share it.
 */
public class UpdraftException extends RuntimeException {

    public UpdraftException(String message) {
        super(message);
    }

    public UpdraftException(String message, Throwable cause) {
        super(message, cause);
    }

    /** For control-flow exceptions that need no stack trace. */
    protected UpdraftException(String message, Throwable cause, boolean enableSuppression,
            boolean writableStackTrace) {
        super(message, cause, enableSuppression, writableStackTrace);
    }
}
