package io.updraft.dag.factory;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * dag-factory's relative time strings ({@code "2 days"}, {@code "1 hours"}, {@code "30 minutes"},
 * {@code "10 seconds"}): one number and one unit, singular or plural. Upstream reads {@code "1 hour 30 minutes"} as one
 * hour; we refuse it rather than guess.
 */
final class RelativeTime {

    private static final Pattern TEXT = Pattern.compile("\\s*(\\d+)\\s*(day|hour|minute|second)s?\\s*");

    private RelativeTime() {
    }

    static Optional<Duration> parse(String text) {
        Matcher matcher = TEXT.matcher(text.toLowerCase(Locale.ROOT));
        if (!matcher.matches()) {
            return Optional.empty();
        }
        long amount = Long.parseLong(matcher.group(1));
        return Optional.of(switch (matcher.group(2)) {
            case "day" -> Duration.ofDays(amount);
            case "hour" -> Duration.ofHours(amount);
            case "minute" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
        });
    }
}
