package io.updraft.ui;

import com.cronutils.descriptor.CronDescriptor;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.updraft.dag.Schedule;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A DAG's schedule in words ("at 03:00", "every 2 hours"), with cron-utils' descriptor for cron expressions. */
public final class ScheduleWords {

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
    private static final CronDescriptor DESCRIPTOR = CronDescriptor.instance(Locale.ENGLISH);
    private static final Map<String, String> PRESETS = Map.of(
            "@hourly", "every hour", "@daily", "every day at midnight", "@midnight", "every day at midnight",
            "@weekly", "every Sunday at midnight", "@monthly", "on the first day of every month at midnight",
            "@yearly", "on January 1st at midnight", "@annually", "on January 1st at midnight");
    /** Descriptions are pure functions of the expression; a thousand DAGs share a few dozen expressions. */
    private final Map<String, String> cache = new ConcurrentHashMap<>();

    /** Words for a loaded DAG's schedule. */
    public String describe(Schedule schedule) {
        String words = switch (schedule.kind()) {
            case NONE -> "Asset".equals(schedule.text()) ? "on asset updates" : "manual only";
            case ONCE -> "once";
            case CONTINUOUS -> "continuously";
            case DELTA -> "every " + duration(schedule.interval());
            case CRON -> schedule.text() != null && PRESETS.containsKey(schedule.text())
                    ? PRESETS.get(schedule.text()) : cron(schedule.expression());
        };
        // AssetOrTimeSchedule: Airflow's summary "Asset or <timetable's>"
        return schedule.text() != null && schedule.text().startsWith("Asset or ") ? "on asset updates or " + words
                : words;
    }

    /** Words for a stored timetable summary, when the DAG is not loaded. */
    public String describe(String summary) {
        if (summary == null || summary.isBlank() || summary.equals("None")) {
            return "manual only";
        }
        if (summary.equals("Asset")) {
            return "on asset updates";
        }
        if (summary.equals("@once")) {
            return "once";
        }
        if (summary.equals("@continuous")) {
            return "continuously";
        }
        if (PRESETS.containsKey(summary)) {
            return PRESETS.get(summary);
        }
        return summary.trim().split("\\s+").length == 5 ? cron(summary.trim()) : summary;
    }

    private String cron(String expression) {
        return cache.computeIfAbsent(expression, text -> {
            try {
                return DESCRIPTOR.describe(PARSER.parse(text));
            } catch (RuntimeException e) {
                return text; // shown as written rather than hidden
            }
        });
    }

    static String duration(Duration interval) {
        if (interval == null) {
            return "?";
        }
        long seconds = interval.toSeconds();
        long[] sizes = {86_400, 3_600, 60, 1};
        String[] names = {"day", "hour", "minute", "second"};
        for (int i = 0; i < sizes.length; i++) {
            if (seconds % sizes[i] == 0) {
                long count = seconds / sizes[i];
                return count == 1 ? names[i] : count + " " + names[i] + "s";
            }
        }
        return interval.toString();
    }
}
