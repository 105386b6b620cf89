package io.updraft.dag.factory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads durations (retry_delay, execution_timeout, dagrun_timeout, ...) in the forms dag-factory users write:
 * {@code {__type__: datetime.timedelta, minutes: 5}}, a number of seconds, or a relative string ("5 minutes").
 */
public final class DurationValues {

    static final String TIMEDELTA = "datetime.timedelta";
    /** Python's timedelta parameter order, for {@code __args__}. */
    private static final List<String> TIMEDELTA_PARAMETERS =
            List.of("days", "seconds", "microseconds", "milliseconds", "minutes", "hours", "weeks");

    private DurationValues() {
    }

    /**
     * An operator argument's duration (a sensor's poke_interval, timeout), in the same forms.
     *
     * @throws IllegalArgumentException naming the argument when the value is not a duration
     */
    public static Duration argument(Object value, String name) {
        try {
            return read(value, ConfigPath.of(name));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Null for null (no duration). */
    static Duration read(Object value, ConfigPath path) {
        if (value == null) {
            return null;
        }
        if (value instanceof Number number) {
            return ofSeconds(number.doubleValue());
        }
        if (value instanceof String text) {
            return RelativeTime.parse(text).orElseThrow(() -> new ConfigException(path,
                    "cannot read duration '" + text + "'; write e.g. \"5 minutes\", a number of seconds, or "
                            + "{__type__: datetime.timedelta, minutes: 5}"));
        }
        if (PythonObjects.isObject(value) && PythonObjects.typeOf(value).equals(TIMEDELTA)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) value;
            return timedelta(object, path);
        }
        throw new ConfigException(path, "'" + path.keys().get(path.keys().size() - 1)
                + "' must be a duration ({__type__: datetime.timedelta, ...}, seconds, or \"5 minutes\"), not "
                + ConfigValues.describe(value));
    }

    static Duration timedelta(Map<String, Object> object, ConfigPath path) {
        double seconds = 0;
        for (var entry : PythonObjects.arguments(object, TIMEDELTA_PARAMETERS, path).entrySet()) {
            double amount = PythonObjects.number(entry.getValue(), path.child(entry.getKey()));
            seconds += amount * switch (entry.getKey()) {
                case "weeks" -> 7 * 86_400;
                case "days" -> 86_400;
                case "hours" -> 3_600;
                case "minutes" -> 60;
                case "seconds" -> 1;
                case "milliseconds" -> 1e-3;
                default -> 1e-6;
            };
        }
        return ofSeconds(seconds);
    }

    /** Python's {@code str(timedelta)}: "6:00:00", "1 day, 0:30:00", "2 days, 0:00:00.500000". */
    static String pythonText(Duration duration) {
        long micros = duration.toNanos() / 1000;
        long days = Math.floorDiv(micros, 86_400_000_000L);
        long rest = Math.floorMod(micros, 86_400_000_000L);
        long seconds = rest / 1_000_000;
        String text = String.format(java.util.Locale.ROOT, "%d:%02d:%02d", seconds / 3600, seconds / 60 % 60,
                seconds % 60);
        if (rest % 1_000_000 != 0) {
            text += String.format(java.util.Locale.ROOT, ".%06d", rest % 1_000_000);
        }
        return days == 0 ? text : days + (Math.abs(days) == 1 ? " day, " : " days, ") + text;
    }

    private static Duration ofSeconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }
}
