package io.updraft.dag.factory;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import io.updraft.dag.Schedule;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a DAG's {@code schedule} (Airflow 3 semantics: absent or null means no schedule). Cron expressions are
 * checked with cron-utils' UNIX definition, as croniter would accept them.
 */
final class ScheduleReader {

    private static final Map<String, String> CRON_PRESETS = Map.of(
            "@hourly", "0 * * * *",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@weekly", "0 0 * * 0",
            "@monthly", "0 0 1 * *",
            "@quarterly", "0 0 1 */3 *",
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *");
    private static final String CRON_TRIGGER_TIMETABLE = "airflow.timetables.trigger.CronTriggerTimetable";
    /** Airflow 3.3's trigger timetables, under their module and airflow.sdk names. */
    private static final java.util.Set<String> CRON_TRIGGER_TYPES = java.util.Set.of(CRON_TRIGGER_TIMETABLE,
            "airflow.sdk.CronTriggerTimetable");
    private static final java.util.Set<String> DELTA_TRIGGER_TYPES = java.util.Set.of(
            "airflow.timetables.trigger.DeltaTriggerTimetable", "airflow.sdk.DeltaTriggerTimetable");
    private static final String CRON_INTERVAL_TIMETABLE = "airflow.timetables.interval.CronDataIntervalTimetable";
    /** Airflow 3.3's data-interval timetables: a run per period between two ticks, at its end. */
    private static final java.util.Set<String> CRON_INTERVAL_TYPES = java.util.Set.of(CRON_INTERVAL_TIMETABLE,
            "airflow.sdk.CronDataIntervalTimetable");
    private static final java.util.Set<String> DELTA_INTERVAL_TYPES = java.util.Set.of(
            "airflow.timetables.interval.DeltaDataIntervalTimetable", "airflow.sdk.DeltaDataIntervalTimetable");
    /** A timetable plus assets: runs on either (keyword-only arguments {@code timetable} and {@code assets}). */
    static final java.util.Set<String> ASSET_OR_TIME_TYPES = java.util.Set.of("airflow.sdk.AssetOrTimeSchedule",
            "airflow.timetables.assets.AssetOrTimeSchedule");

    /** CronParser keeps a cache that is not safe to share between parsing threads. */
    private static final ThreadLocal<CronParser> CRON = ThreadLocal.withInitial(
            () -> new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX)));

    private ScheduleReader() {
    }

    private static java.time.Duration interval(Map<String, Object> args, ConfigPath path) {
        return DurationValues.read(args.get("interval"), path.child("interval"));
    }

    private static java.time.ZoneId timezone(Object value, ConfigPath path) {
        String name = ConfigValues.string(value, path);
        try {
            return java.time.ZoneId.of(name);
        } catch (java.time.DateTimeException e) {
            throw new ConfigException(path, "unknown timezone '" + name + "'");
        }
    }

    static Schedule read(Object value, ConfigPath path, ConfigWarnings warnings) {
        if (value == null) {
            return Schedule.NONE;
        }
        if (value instanceof String text) {
            return fromText(text, path);
        }
        if (value instanceof Map<?, ?> map && !PythonObjects.isObject(value)
                && (map.containsKey("datasets") || map.containsKey("file"))) {
            // dag-factory builds this form only on Airflow 2; on Airflow 3 it reaches DAG() as a dict, which refuses it
            throw new ConfigException(path, "the mapping form of schedule ({datasets: ..., file: ...}) is Airflow 2 "
                    + "only and Airflow 3 refuses it; write a list of asset URIs or a __type__ airflow.sdk.Asset "
                    + "expression");
        }
        if (isAssetOrTime(value)) {
            return assetOrTime(value, path, warnings);
        }
        if (AssetReader.isAssetSchedule(value)) {
            return Schedule.ASSETS; // no timetable: runs come from asset events (see AssetReader, Dag#assets)
        }
        if (PythonObjects.isObject(value)) {
            return fromObject(value, path, warnings);
        }
        throw new ConfigException(path, "cannot read schedule " + ConfigValues.describe(value)
                + "; write a cron expression, a preset such as @daily, None, or a __type__ datetime.timedelta");
    }

    private static Schedule fromText(String text, ConfigPath path) {
        String trimmed = text.trim();
        String lower = trimmed.toLowerCase(Locale.ROOT);
        if (lower.equals("none")) {
            return Schedule.NONE;
        }
        if (lower.equals("@once")) {
            return Schedule.once();
        }
        if (lower.equals("@continuous")) {
            return Schedule.continuous();
        }
        return Schedule.cron(expandedCron(trimmed, path), trimmed);
    }

    /** A preset's cron expression, or the valid 5-field expression itself. */
    private static String expandedCron(String text, ConfigPath path) {
        String preset = CRON_PRESETS.get(text.trim().toLowerCase(Locale.ROOT));
        return preset != null ? preset : validCron(text.trim(), path);
    }

    static boolean isAssetOrTime(Object value) {
        return PythonObjects.isObject(value) && ASSET_OR_TIME_TYPES.contains(PythonObjects.typeOf(value));
    }

    /**
     * AssetOrTimeSchedule's time part (its assets are read by AssetReader): the timetable's schedule under
     * Airflow's summary "Asset or ...". As in Airflow, the timetable must be a timetable object, not a text.
     */
    private static Schedule assetOrTime(Object value, ConfigPath path, ConfigWarnings warnings) {
        @SuppressWarnings("unchecked")
        Map<String, Object> object = (Map<String, Object>) value;
        String type = PythonObjects.typeOf(value);
        if (object.containsKey(PythonObjects.ARGS)) {
            throw new ConfigException(path.child(PythonObjects.ARGS), type
                    + " takes keyword arguments only: timetable and assets");
        }
        Map<String, Object> args = PythonObjects.arguments(object, List.of("timetable", "assets"), path);
        for (String name : List.of("timetable", "assets")) {
            if (args.get(name) == null) {
                throw new ConfigException(path.child(name), type + " needs " + name);
            }
        }
        Object timetable = args.get("timetable");
        if (!PythonObjects.isObject(timetable) || isAssetOrTime(timetable)
                || AssetReader.isAssetSchedule(timetable)) {
            throw new ConfigException(path.child("timetable"), type + "'s timetable must be a timetable object "
                    + "(__type__: airflow.sdk.CronTriggerTimetable, CronDataIntervalTimetable, DeltaTriggerTimetable"
                    + " or DeltaDataIntervalTimetable), not " + ConfigValues.describe(timetable));
        }
        Schedule time = fromObject(timetable, path.child("timetable"), warnings);
        return time.withText("Asset or " + time.text());
    }

    private static String validCron(String expression, ConfigPath path) {
        String normalized = expression.replaceAll("\\s+", " ");
        if (normalized.split(" ").length != 5) {
            throw new ConfigException(path, "invalid cron expression '" + expression
                    + "': expected 5 fields (minute hour day-of-month month day-of-week) or a preset such as @daily");
        }
        try {
            CRON.get().parse(normalized).validate();
            return normalized;
        } catch (IllegalArgumentException e) {
            throw new ConfigException(path, "invalid cron expression '" + expression + "': " + e.getMessage());
        }
    }

    @SuppressWarnings("unchecked")
    private static Schedule fromObject(Object value, ConfigPath path, ConfigWarnings warnings) {
        Map<String, Object> object = (Map<String, Object>) value;
        String type = PythonObjects.typeOf(value);
        if (type.equals(DurationValues.TIMEDELTA)) {
            return Schedule.delta(DurationValues.timedelta(object, path), type);
        }
        if (CRON_TRIGGER_TYPES.contains(type)) {
            // airflow.sdk's is an attrs class: its first field is `expression`, not `cron`
            String first = type.equals(CRON_TRIGGER_TIMETABLE) ? "cron" : "expression";
            Map<String, Object> args = PythonObjects.arguments(object, List.of(first, "timezone", "interval",
                    "run_immediately"), path);
            String expression = ConfigValues.string(args.get(first), path.child(first));
            if (args.get("timezone") == null) { // a keyword-only argument without default in Airflow
                throw new ConfigException(path.child("timezone"), type + " needs a timezone (e.g. \"UTC\")");
            }
            if (args.get("run_immediately") != null && !Boolean.FALSE.equals(args.get("run_immediately"))) {
                throw new ConfigException(path.child("run_immediately"), "run_immediately is not supported yet; "
                        + "leave it out (False: a tick missed by less than 10% of the period, at least 5 minutes, "
                        + "still runs)");
            }
            return Schedule.cron(validCron(expression, path.child(first)), expression).withTimetableOptions(
                    timezone(args.get("timezone"), path.child("timezone")), interval(args, path));
        }
        if (DELTA_TRIGGER_TYPES.contains(type)) {
            Map<String, Object> args = PythonObjects.arguments(object, List.of("delta", "interval"), path);
            return Schedule.delta(timedelta(args.get("delta"), type, path.child("delta")), type)
                    .withTimetableOptions(null, interval(args, path));
        }
        if (CRON_INTERVAL_TYPES.contains(type)) {
            // airflow.sdk's is an attrs class (expression, timezone); Airflow's own takes (cron, timezone)
            String first = type.equals(CRON_INTERVAL_TIMETABLE) ? "cron" : "expression";
            Map<String, Object> args = PythonObjects.arguments(object, List.of(first, "timezone"), path);
            for (String name : List.of(first, "timezone")) {
                if (args.get(name) == null) {
                    throw new ConfigException(path.child(name), type + " needs " + name
                            + (name.equals("timezone") ? " (e.g. \"UTC\")" : " (a cron expression or preset)"));
                }
            }
            String expression = expandedCron(ConfigValues.string(args.get(first), path.child(first)),
                    path.child(first));
            return Schedule.cron(expression, expression)
                    .withDataIntervals(timezone(args.get("timezone"), path.child("timezone")));
        }
        if (DELTA_INTERVAL_TYPES.contains(type)) {
            Map<String, Object> args = PythonObjects.arguments(object, List.of("delta"), path);
            java.time.Duration delta = timedelta(args.get("delta"), type, path.child("delta"));
            return Schedule.delta(delta, DurationValues.pythonText(delta)).withDataIntervals(null);
        }
        throw new ConfigException(path.child(PythonObjects.TYPE), "schedule type '" + type
                + "' is not supported; use a cron expression, a preset, None, datetime.timedelta, "
                + "airflow.sdk.CronTriggerTimetable, DeltaTriggerTimetable, CronDataIntervalTimetable, "
                + "DeltaDataIntervalTimetable or AssetOrTimeSchedule");
    }

    private static java.time.Duration timedelta(Object delta, String type, ConfigPath path) {
        if (!PythonObjects.isObject(delta) || !PythonObjects.typeOf(delta).equals(DurationValues.TIMEDELTA)) {
            throw new ConfigException(path, type + " needs delta as a __type__ datetime.timedelta");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> deltaObject = (Map<String, Object>) delta;
        java.time.Duration duration = DurationValues.timedelta(deltaObject, path);
        if (duration.isZero() || duration.isNegative()) { // as Airflow's DeltaMixin.validate
            throw new ConfigException(path, "schedule interval must be positive, not "
                    + DurationValues.pythonText(duration));
        }
        return duration;
    }
}
