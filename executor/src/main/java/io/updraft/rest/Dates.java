package io.updraft.rest;

import io.updraft.run.RunIds;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Airflow's date text: Python's isoformat out, ISO 8601 (with offset, or UTC when absent) in. */
public final class Dates {

    private static final java.util.regex.Pattern OFFSET_AS_SPACE = java.util.regex.Pattern.compile(
            "^(\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?) (\\d{2}:\\d{2})$");

    private Dates() {
    }

    public static String iso(Instant instant) {
        return instant == null ? null : RunIds.isoformat(instant);
    }

    /** @return null when the text does not parse */
    public static Instant parse(String text) {
        if (text == null) {
            return null;
        }
        // an unencoded '+' of an offset arrives in a query string as a space
        String t = OFFSET_AS_SPACE.matcher(text.trim()).replaceFirst("$1+$2").replaceFirst(" ", "T");
        try {
            return OffsetDateTime.parse(t).toInstant();
        } catch (DateTimeParseException e) {
            // pydantic accepts naive datetimes and dates too; Airflow treats them as UTC
        }
        try {
            return java.time.LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            // fall through
        }
        try {
            return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    public static Double seconds(Instant start, Instant end) {
        if (start == null || end == null) {
            return null;
        }
        return java.time.Duration.between(start, end).toNanos() / 1e9;
    }
}
