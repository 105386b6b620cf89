package io.updraft.dag;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Airflow's trigger rules; {@link #value()} is the string written in DAG files and returned by the API. */
public enum TriggerRule {
    ALL_SUCCESS,
    ALL_FAILED,
    ALL_DONE,
    ALL_DONE_MIN_ONE_SUCCESS,
    ALL_DONE_SETUP_SUCCESS,
    ONE_SUCCESS,
    ONE_FAILED,
    ONE_DONE,
    NONE_FAILED,
    NONE_FAILED_MIN_ONE_SUCCESS,
    NONE_SKIPPED,
    ALL_SKIPPED,
    ALWAYS;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every rule's name as written in DAG files. */
    public static java.util.List<String> names() {
        return Arrays.stream(values()).map(TriggerRule::value).toList();
    }

    /** Parses a rule, accepting Airflow 2's deprecated aliases {@code dummy} and {@code none_failed_or_skipped}. */
    public static Optional<TriggerRule> parse(String text) {
        String normalized = text.trim().toLowerCase(Locale.ROOT);
        if (normalized.equals("dummy")) {
            return Optional.of(ALWAYS);
        }
        if (normalized.equals("none_failed_or_skipped")) {
            return Optional.of(NONE_FAILED_MIN_ONE_SUCCESS);
        }
        return Arrays.stream(values()).filter(rule -> rule.value().equals(normalized)).findFirst();
    }
}
