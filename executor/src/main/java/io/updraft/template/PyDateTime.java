package io.updraft.template;

import com.hubspot.jinjava.objects.date.StrftimeFormatter;
import com.hubspot.jinjava.objects.serialization.PyishSerializable;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;

/**
 * A UTC datetime as templates see Airflow's {@code logical_date}: {@code str()} and {@code isoformat()} as in
 * Python, {@code strftime}, and the usual fields ({@code .year}, {@code .month}, ...).
 */
public final class PyDateTime implements PyishSerializable {

    private final Instant instant;

    public PyDateTime(Instant instant) {
        this.instant = instant;
    }

    public Instant instant() {
        return instant;
    }

    private ZonedDateTime utc() {
        return instant.atZone(ZoneOffset.UTC);
    }

    public String isoformat() {
        return AirflowDates.iso(instant);
    }

    public String strftime(String format) {
        return StrftimeFormatter.format(utc(), format);
    }

    public int getYear() { return utc().getYear(); }
    public int getMonth() { return utc().getMonthValue(); }
    public int getDay() { return utc().getDayOfMonth(); }
    public int getHour() { return utc().getHour(); }
    public int getMinute() { return utc().getMinute(); }
    public int getSecond() { return utc().getSecond(); }
    public int getMicrosecond() { return utc().getNano() / 1000; }

    /** Seconds since the epoch, as Python's {@code timestamp()}. */
    public double timestamp() {
        return instant.getEpochSecond() + instant.getNano() / 1e9;
    }

    @Override
    public <T extends Appendable & CharSequence> T appendPyishString(T appendable) throws IOException {
        appendable.append(toString());
        return appendable;
    }

    @Override
    public String toString() {
        return AirflowDates.str(instant);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PyDateTime that && that.instant.equals(instant);
    }

    @Override
    public int hashCode() {
        return instant.hashCode();
    }
}
