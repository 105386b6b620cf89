package io.updraft.cli;

import io.updraft.app.Updraft;
import io.updraft.config.UpdraftConfig;
import io.updraft.dag.Dag;
import io.updraft.json.Json;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Map;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Model.CommandSpec;

/** What the commands share: opening Updraft, finding a DAG, parsing dates and conf. */
final class CliSupport {

    private CliSupport() {
    }

    static Updraft open() {
        return Updraft.open(UpdraftConfig.fromEnvironment());
    }

    /** Loads the DAGs folder and returns the DAG, or fails with Airflow's message. */
    static Dag loadDag(Updraft updraft, CommandSpec spec, String dagId) {
        updraft.loadDags();
        return updraft.dag(dagId).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "Dag '" + dagId + "' could not be found; either it does not exist or it failed to parse."
                        + " (DAGs folder: " + updraft.config().dagsFolder() + ")"));
    }

    /** A date as Airflow's CLI takes it: 2024-01-01, 2024-01-01T10:00:00, with or without an offset (UTC). */
    static Instant parseDate(CommandSpec spec, String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new ParameterException(spec.commandLine(), "'" + text + "' is not a date: use "
                            + "YYYY-MM-DD or an ISO date-time such as 2024-01-01T00:00:00+00:00");
                }
            }
        }
    }

    /** Airflow's rule for {@code list --hide-sensitive}: it only masks what {@code --show-values} shows. */
    static void requireShowValues(CommandSpec spec, boolean showValues, boolean hideSensitive) {
        if (hideSensitive && !showValues) {
            throw new ParameterException(spec.commandLine(), "--hide-sensitive can only be used with --show-values");
        }
    }

    static Map<String, Object> parseConf(CommandSpec spec, String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return Json.readObject(json);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--conf must be a JSON object: " + e.getMessage());
        }
    }
}
