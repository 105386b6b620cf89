package io.updraft.run;

import java.util.Map;

/**
 * Checks a {@link Trigger} once, on one of the triggerer's few threads: the event when it fired, else null (it is
 * checked again after its poll interval). Must return promptly; thread-safe.
 */
@FunctionalInterface
public interface TriggerPoller {

    /** Knows only {@link Trigger#DATETIME}, which needs no check. */
    TriggerPoller TIMERS_ONLY = trigger -> {
        throw new IllegalArgumentException("no check for triggers of kind '" + trigger.kind() + "'");
    };

    /** @throws Exception the event is then {@code {"status": "error", "message": ...}} */
    Map<String, Object> poll(Trigger trigger) throws Exception;
}
