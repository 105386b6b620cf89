package io.updraft.rest;

import io.updraft.secrets.SecretsMasker;
import io.updraft.run.LogPaths;
import io.updraft.run.TaskInstanceKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a try's log file (Airflow's layout) and splits it into Airflow 3's structured log events. */
public final class TaskLogs {

    /** {@code [timestamp] {source} LEVEL - message}, the line format Updraft's TaskLog writes. */
    private static final java.time.format.DateTimeFormatter LOG_TIMESTAMP =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");
    private static final Pattern LINE = Pattern.compile("^\\[([^\\]]+)\\] \\{([^}]*)\\} ([A-Z]+) - (.*)$");

    private TaskLogs() {
    }

    /**
     * The whole log text, secrets masked (also those registered after the line was written); empty when the try
     * wrote none (yet).
     */
    public static String read(Path logsFolder, TaskInstanceKey key, int tryNumber) {
        try {
            return SecretsMasker.global().mask(
                    Files.readString(LogPaths.attemptLog(logsFolder, key, tryNumber), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One event per line: our own log lines carry timestamp, level and logger; anything else (what the task
     * printed) is a bare event, as Airflow 3 shows unstructured output.
     */
    public static List<Map<String, Object>> events(String text) {
        List<Map<String, Object>> events = new ArrayList<>();
        if (text.isEmpty()) {
            return events;
        }
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            Map<String, Object> event = new LinkedHashMap<>();
            Matcher m = LINE.matcher(line);
            if (m.matches()) {
                String timestamp = isoTimestamp(m.group(1));
                if (timestamp != null) {
                    event.put("timestamp", timestamp);
                }
                event.put("event", m.group(4));
                event.put("level", m.group(3).toLowerCase(java.util.Locale.ROOT));
                event.put("logger", m.group(2));
            } else {
                event.put("event", line); // no timestamp: Airflow's StructuredLogMessage leaves it out, never null
            }
            events.add(event);
        }
        return events;
    }

    /** The log's {@code 2024-01-01T00:00:00.000+0000} as RFC 3339 (the schema's date-time), or null. */
    private static String isoTimestamp(String text) {
        try {
            return java.time.OffsetDateTime.parse(text, LOG_TIMESTAMP)
                    .format(java.time.format.DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }
}
