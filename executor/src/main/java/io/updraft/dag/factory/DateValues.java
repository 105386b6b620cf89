package io.updraft.dag.factory;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads start_date / end_date like dag-factory's {@code get_datetime}: a YAML date or timestamp, an ISO string, a
 * {@code __type__: datetime.datetime}, or a relative string ("2 days" = start of today minus two days). Dates
 * without an offset are read in the given zone.
 */
final class DateValues {

    private static final String DATETIME = "datetime.datetime";
    private static final List<String> DATETIME_PARAMETERS =
            List.of("year", "month", "day", "hour", "minute", "second", "microsecond");

    private final Clock clock;

    DateValues(Clock clock) {
        this.clock = clock;
    }

    Instant read(Object value, ZoneId zone, ConfigPath path) {
        if (value instanceof LocalDate date) {
            return date.atStartOfDay(zone).toInstant();
        }
        if (value instanceof LocalDateTime dateTime) {
            return localize(dateTime, zone);
        }
        if (value instanceof OffsetDateTime dateTime) {
            return localize(dateTime.toLocalDateTime(), zone); // dag-factory: replace(tzinfo=the DAG's timezone)
        }
        if (value instanceof String text) {
            return fromText(text.trim(), zone).orElseThrow(() -> new ConfigException(path, "cannot read date '"
                    + text + "' for '" + path.keys().get(path.keys().size() - 1)
                    + "'; write 2024-01-31, '2024-01-31 12:00:00', or a relative time such as '2 days'"));
        }
        if (PythonObjects.isObject(value) && PythonObjects.typeOf(value).equals(DATETIME)) {
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) value;
            return fromObject(object, zone, path);
        }
        throw new ConfigException(path, "'" + path.keys().get(path.keys().size() - 1) + "' must be a date, not "
                + ConfigValues.describe(value));
    }

    private Optional<Instant> fromText(String text, ZoneId zone) {
        Optional<Instant> relative = RelativeTime.parse(text)
                .map(ago -> LocalDate.now(clock.withZone(zone)).atStartOfDay(zone).minus(ago).toInstant());
        if (relative.isPresent()) {
            return relative;
        }
        String iso = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11)
                : text;
        try {
            if (iso.length() == 10) {
                return Optional.of(LocalDate.parse(iso).atStartOfDay(zone).toInstant());
            }
            if (iso.endsWith("Z") || iso.matches(".*[+-]\\d{2}:?\\d{2}$")) {
                // dag-factory's get_datetime: pendulum.parse(text).replace(tzinfo=the DAG's timezone), so the
                // written offset is dropped, as Airflow 3.3.2 + dag-factory 1.1.0 load it
                return Optional.of(localize(OffsetDateTime.parse(iso).toLocalDateTime(), zone));
            }
            return Optional.of(localize(LocalDateTime.parse(iso), zone));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** A wall-clock time in the zone as Airflow reads it: an ambiguous time is its second occurrence (06:30Z for
     *  2024-11-03 01:30 in New York), a time in a gap moves forward. */
    static Instant localize(LocalDateTime wallClock, ZoneId zone) {
        return java.time.ZonedDateTime.ofLocal(wallClock, zone, null).withLaterOffsetAtOverlap().toInstant();
    }

    private static Instant fromObject(Map<String, Object> object, ZoneId zone, ConfigPath path) {
        Map<String, Object> args = PythonObjects.arguments(object, DATETIME_PARAMETERS, path);
        int[] fields = new int[DATETIME_PARAMETERS.size()];
        for (int i = 0; i < fields.length; i++) {
            String name = DATETIME_PARAMETERS.get(i);
            if (args.containsKey(name)) {
                fields[i] = ConfigValues.integer(args.get(name), path.child(name));
            } else if (i < 3) {
                throw new ConfigException(path, "datetime.datetime needs year, month and day");
            }
        }
        try {
            return localize(LocalDateTime.of(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5],
                    fields[6] * 1000), zone);
        } catch (java.time.DateTimeException e) {
            throw new ConfigException(path, "invalid datetime.datetime: " + e.getMessage());
        }
    }
}
