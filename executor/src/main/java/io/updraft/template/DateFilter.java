package io.updraft.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.time.Instant;
import java.util.function.Function;

/** Airflow's date filters ({@code {{ logical_date | ds }}}): format a datetime, or an ISO string, one way. */
final class DateFilter implements Filter {

    private final String name;
    private final Function<Instant, String> format;

    DateFilter(String name, Function<Instant, String> format) {
        this.name = name;
        this.format = format;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Object filter(Object value, JinjavaInterpreter interpreter, String... args) {
        if (value instanceof PyDateTime dateTime) {
            return format.apply(dateTime.instant());
        }
        if (value instanceof String text) {
            return format.apply(AirflowDates.parse(text));
        }
        // Airflow's filters return the input when it is not a date (None, for runs without a logical date)
        return value;
    }
}
