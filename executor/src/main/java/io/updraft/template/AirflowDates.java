package io.updraft.template;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Airflow's date strings (templates-ref: ds, ts, ...), for UTC instants. */
public final class AirflowDates {

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    /**
     * Dates already parsed: every try of a run builds its template context from the run's same few date strings,
     * and {@code OffsetDateTime.parse} was a quarter of a no-op try's CPU in a fan-out. Cleared when it grows.
     */
    private static final Map<String, Instant> PARSED = new ConcurrentHashMap<>();
    private static final int PARSED_LIMIT = 1024;

    private AirflowDates() {
    }

    /** Python's {@code isoformat()}: microseconds only when non-zero, offset as {@code +00:00}. */
    public static String iso(Instant instant) {
        return isoWithSeparator(instant, 'T');
    }

    /** Python's {@code str(datetime)}: like isoformat with a space between date and time. */
    public static String str(Instant instant) {
        return isoWithSeparator(instant, ' ');
    }

    private static String isoWithSeparator(Instant instant, char separator) {
        var utc = instant.atOffset(ZoneOffset.UTC);
        String text = SECONDS.format(utc).replace('T', separator);
        int micros = utc.getNano() / 1000;
        if (micros != 0) {
            text += String.format(".%06d", micros);
        }
        return text + "+00:00";
    }

    public static String ds(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC).toString();
    }

    public static String dsNodash(Instant instant) {
        return ds(instant).replace("-", "");
    }

    public static String ts(Instant instant) {
        return iso(instant);
    }

    /** {@code strftime("%Y%m%dT%H%M%S")}: never has microseconds. */
    public static String tsNodash(Instant instant) {
        return DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").format(instant.atOffset(ZoneOffset.UTC));
    }

    public static String tsNodashWithTz(Instant instant) {
        return iso(instant).replace("-", "").replace(":", "");
    }

    /** Parses what a template may hold as a date: an ISO datetime (with offset or Z) or a plain date. */
    public static Instant parse(String text) {
        Instant known = PARSED.get(text);
        if (known != null) {
            return known;
        }
        Instant parsed = parseText(text);
        if (PARSED.size() >= PARSED_LIMIT) {
            PARSED.clear();
        }
        PARSED.put(text, parsed);
        return parsed;
    }

    private static Instant parseText(String text) {
        String trimmed = text.trim();
        if (trimmed.length() == 10) {
            return LocalDate.parse(trimmed).atStartOfDay().toInstant(ZoneOffset.UTC);
        }
        return java.time.OffsetDateTime.parse(trimmed.replace(' ', 'T')).toInstant();
    }
}
