package io.updraft.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.updraft.json.Json;
import io.updraft.run.RunIds;
import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Prints rows as Airflow's CLI does with {@code -o table|json|yaml|plain}; JSON keeps Airflow's field names. */
final class Output {

    enum Format { table, json, yaml, plain }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    private Output() {
    }

    static void print(PrintStream out, Format format, List<String> columns, List<Map<String, Object>> rows) {
        List<Map<String, Object>> cleaned = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            Map<String, Object> values = new LinkedHashMap<>();
            columns.forEach(column -> values.put(column, jsonValue(row.get(column))));
            cleaned.add(values);
        }
        switch (format) {
            case json -> out.println(Json.write(cleaned));
            case yaml -> out.print(yaml(cleaned));
            case table -> printColumns(out, columns, cleaned, true);
            case plain -> printColumns(out, columns, cleaned, false);
        }
    }

    private static Object jsonValue(Object value) {
        return value instanceof Instant instant ? RunIds.isoformat(instant) : value;
    }

    private static String yaml(Object value) {
        try {
            return YAML.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void printColumns(PrintStream out, List<String> columns, List<Map<String, Object>> rows,
                                     boolean ruled) {
        if (rows.isEmpty()) {
            out.println("No data found");
            return;
        }
        int[] widths = new int[columns.size()];
        for (int i = 0; i < columns.size(); i++) {
            widths[i] = columns.get(i).length();
            for (Map<String, Object> row : rows) {
                widths[i] = Math.max(widths[i], text(row.get(columns.get(i))).length());
            }
        }
        String separator = ruled ? " | " : "  ";
        out.println(line(columns.stream().map(c -> (Object) c).toList(), widths, separator));
        if (ruled) {
            StringBuilder rule = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                rule.append(i == 0 ? "" : "=+=").append("=".repeat(widths[i]));
            }
            out.println(rule);
        }
        for (Map<String, Object> row : rows) {
            out.println(line(columns.stream().map(row::get).toList(), widths, separator));
        }
    }

    private static String line(List<Object> values, int[] widths, String separator) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < values.size(); i++) {
            String text = text(values.get(i));
            line.append(i == 0 ? "" : separator).append(i == values.size() - 1 ? text
                    : text + " ".repeat(widths[i] - text.length()));
        }
        return line.toString();
    }

    /** Python's str() of the value, as Airflow's table shows it. */
    private static String text(Object value) {
        if (value == null) {
            return "None";
        }
        if (value instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (value instanceof Map<?, ?> || value instanceof java.util.Collection<?>) {
            return Json.write(value); // conf, extra, tags: JSON a user can paste back, not Java's toString
        }
        return value.toString();
    }
}
