package io.updraft.run;

import java.util.NoSuchElementException;

/** A failure of a change applied by another node, as text in its answer and as the exception its caller expects. */
final class RemoteFailures {

    private RemoteFailures() {
    }

    static String describe(Throwable failure) {
        return failure.getClass().getSimpleName() + ": " + failure.getMessage();
    }

    static RuntimeException rebuild(String description) {
        String text = description == null ? "" : description;
        int colon = text.indexOf(": ");
        String kind = colon < 0 ? "" : text.substring(0, colon);
        String message = colon < 0 ? text : text.substring(colon + 2);
        return switch (kind) {
            case "NoSuchElementException" -> new NoSuchElementException(message);
            case "StaleStateException" -> new StaleStateException(message);
            case "IllegalArgumentException" -> new IllegalArgumentException(message);
            default -> new IllegalStateException(message);
        };
    }
}
