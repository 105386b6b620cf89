package io.updraft.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * A 5-field cron expression evaluated as Airflow evaluates it with croniter ({@code timetables/_cron.py}):
 * <ul>
 * <li>on naive wall-clock times of the DAG's timezone, then localised as Airflow's {@code make_aware} does with
 * pendulum: a time in a DST gap moves forward, an ambiguous time takes the second occurrence (fold=1);</li>
 * <li>when both day-of-month and day-of-week are restricted, a day matching either one matches (croniter's and
 * Vixie cron's OR rule). We evaluate the two halves separately and take the nearer time, so the rule holds
 * whatever cron-utils does with such expressions;</li>
 * <li>crons whose hour field covers every hour (croniter normalises {@code 0-23}, {@code 0-23/1}, {@code *}/1 and a
 * list of all 24 hours to {@code *}) are stepped in absolute time (Airflow's DST "fold" fix), so an hourly cron
 * runs in both copies of the repeated hour and skips none.</li>
 * </ul>
 * Immutable and thread-safe.
 */
final class CronSchedule {

    /** CronParser keeps a cache that is not safe to share between threads. */
    private static final ThreadLocal<CronParser> PARSER = ThreadLocal.withInitial(
            () -> new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX)));

    private final String expression;
    private final ZoneId zone;
    private final List<ExecutionTime> alternatives;
    private final boolean coversEveryHour;

    CronSchedule(String expression, ZoneId zone) {
        String[] fields = expression.trim().split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("expected a 5-field cron expression: '" + expression + "'");
        }
        this.expression = String.join(" ", fields);
        this.zone = zone;
        this.coversEveryHour = coversEveryHour(fields[1]);
        boolean dayOfMonthRestricted = restricted(fields[2]);
        boolean dayOfWeekRestricted = restricted(fields[4]);
        if (dayOfMonthRestricted && dayOfWeekRestricted) {
            alternatives = List.of(
                    executionTime(fields[0], fields[1], fields[2], fields[3], "*"),
                    executionTime(fields[0], fields[1], "*", fields[3], fields[4]));
        } else {
            alternatives = List.of(executionTime(fields));
        }
    }

    String expression() {
        return expression;
    }

    /** The first cron time strictly after {@code current} (croniter {@code get_next}). */
    Instant next(Instant current) {
        LocalDateTime naive = LocalDateTime.ofInstant(current, zone);
        LocalDateTime scheduled = alternatives.stream()
                .map(time -> time.nextExecution(naive.atZone(ZoneOffset.UTC)))
                .flatMap(Optional::stream)
                .map(ZonedDateTime::toLocalDateTime)
                .min(Comparator.naturalOrder())
                .orElseThrow(() -> new IllegalStateException("cron '" + expression + "' has no time after " + current));
        if (coversEveryHour) {
            return current.plus(Duration.between(naive, scheduled));
        }
        return localize(scheduled);
    }

    /** The last cron time strictly before {@code current} (croniter {@code get_prev}). */
    Instant previous(Instant current) {
        LocalDateTime naive = LocalDateTime.ofInstant(current, zone);
        LocalDateTime scheduled = alternatives.stream()
                .map(time -> time.lastExecution(naive.atZone(ZoneOffset.UTC)))
                .flatMap(Optional::stream)
                .map(ZonedDateTime::toLocalDateTime)
                .max(Comparator.naturalOrder())
                .orElseThrow(() -> new IllegalStateException("cron '" + expression + "' has no time before " + current));
        if (coversEveryHour) {
            return current.minus(Duration.between(scheduled, naive));
        }
        return localize(scheduled);
    }

    private Instant localize(LocalDateTime wallClock) {
        return ZonedDateTime.ofLocal(wallClock, zone, null).withLaterOffsetAtOverlap().toInstant();
    }

    /** {@code current} when it is a cron time, else the next one. */
    Instant alignNext(Instant current) {
        Instant next = next(current);
        return previous(next).equals(current) ? current : next;
    }

    /** {@code current} when it is a cron time, else the previous one. */
    Instant alignPrevious(Instant current) {
        Instant previous = previous(current);
        return next(previous).equals(current) ? current : previous;
    }

    /** Whether an hour field (ranges, steps, lists) names all 24 hours, as croniter's {@code expanded[1] == ['*']}. */
    static boolean coversEveryHour(String hourField) {
        java.util.BitSet hours = new java.util.BitSet(24);
        try {
            addHours(hourField, hours);
        } catch (NumberFormatException e) {
            return false; // not a valid hour field: the cron parser reports it
        }
        return hours.cardinality() == 24;
    }

    private static void addHours(String hourField, java.util.BitSet hours) {
        for (String part : hourField.split(",")) {
            String[] rangeAndStep = part.split("/", 2);
            int step = rangeAndStep.length == 2 ? Integer.parseInt(rangeAndStep[1]) : 1;
            String range = rangeAndStep[0];
            int from;
            int to;
            if (range.equals("*")) {
                from = 0;
                to = 23;
            } else if (range.contains("-")) {
                from = Integer.parseInt(range.substring(0, range.indexOf('-')));
                to = Integer.parseInt(range.substring(range.indexOf('-') + 1));
            } else {
                from = Integer.parseInt(range);
                to = rangeAndStep.length == 2 ? 23 : from; // "5/2" is 5, 7, ... 23
            }
            for (int hour = from; hour <= to && hour < 24 && step > 0; hour += step) {
                hours.set(hour);
            }
        }
    }

    private static boolean restricted(String field) {
        return !field.equals("*") && !field.equals("?");
    }

    private static ExecutionTime executionTime(String... fields) {
        return ExecutionTime.forCron(PARSER.get().parse(String.join(" ", fields)));
    }
}
