package io.updraft.template;

import com.hubspot.jinjava.objects.date.StrftimeFormatter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/** Airflow's {@code macros}: {@code ds_add}, {@code ds_format} and a {@code datetime} helper. Stateless. */
public final class Macros {

    private final DateTimeModule datetime = new DateTimeModule();

    /** {@code ds_add("2015-01-01", 5)} is {@code "2015-01-06"}; 0 or None days return the input unchanged. */
    public String ds_add(String ds, Object days) {
        if (days == null || days instanceof PyNone || ((Number) days).longValue() == 0) {
            return ds;
        }
        return LocalDate.parse(ds).plusDays(((Number) days).longValue()).toString();
    }

    /** {@code ds_format("2015-01-01", "%Y-%m-%d", "%m-%d-%y")} is {@code "01-01-15"} (strptime, then strftime). */
    public String ds_format(String ds, String inputFormat, String outputFormat) {
        DateTimeFormatter parser = StrftimeFormatter.toDateTimeFormatter(inputFormat);
        TemporalAccessor parsed = parser.parse(ds);
        LocalDateTime dateTime = LocalDate.of(
                        parsed.isSupported(ChronoField.YEAR) ? parsed.get(ChronoField.YEAR) : 1900,
                        parsed.isSupported(ChronoField.MONTH_OF_YEAR) ? parsed.get(ChronoField.MONTH_OF_YEAR) : 1,
                        parsed.isSupported(ChronoField.DAY_OF_MONTH) ? parsed.get(ChronoField.DAY_OF_MONTH) : 1)
                .atTime(field(parsed, ChronoField.HOUR_OF_DAY), field(parsed, ChronoField.MINUTE_OF_HOUR),
                        field(parsed, ChronoField.SECOND_OF_MINUTE));
        return StrftimeFormatter.format(dateTime.atZone(ZoneOffset.UTC), outputFormat);
    }

    private static int field(TemporalAccessor parsed, ChronoField field) {
        return parsed.isSupported(field) ? parsed.get(field) : 0;
    }

    /** {@code macros.datetime}: {@code now()}, {@code utcnow()}, {@code fromisoformat(s)}, {@code strptime(s, f)}. */
    public DateTimeModule getDatetime() {
        return datetime;
    }

    /** The parts of Python's {@code datetime.datetime} class that make sense in a template. */
    public static final class DateTimeModule {

        public PyDateTime now() {
            return new PyDateTime(Instant.now());
        }

        public PyDateTime utcnow() {
            return now();
        }

        public PyDateTime fromisoformat(String text) {
            return new PyDateTime(AirflowDates.parse(text));
        }

        public PyDateTime strptime(String text, String format) {
            TemporalAccessor parsed = StrftimeFormatter.toDateTimeFormatter(format).parse(text);
            LocalDateTime dateTime = LocalDate.from(parsed).atTime(field(parsed, ChronoField.HOUR_OF_DAY),
                    field(parsed, ChronoField.MINUTE_OF_HOUR), field(parsed, ChronoField.SECOND_OF_MINUTE));
            return new PyDateTime(dateTime.toInstant(ZoneOffset.UTC));
        }
    }
}
