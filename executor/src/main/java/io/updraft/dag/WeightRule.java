package io.updraft.dag;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a task's effective priority is computed from its own {@code priority_weight} (Airflow's weight_rule). */
public enum WeightRule {
    /** own weight plus the weights of every task downstream of it (Airflow's default) */
    DOWNSTREAM,
    /** own weight plus the weights of every task upstream of it */
    UPSTREAM,
    /** own weight only */
    ABSOLUTE;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<WeightRule> parse(String text) {
        String normalized = text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(rule -> rule.value().equals(normalized)).findFirst();
    }
}
