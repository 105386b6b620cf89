package io.updraft.cli;

import io.updraft.app.Updraft;
import io.updraft.dag.Dag;
import io.updraft.json.Json;
import io.updraft.run.DagRun;
import io.updraft.run.RunIds;
import io.updraft.schedule.DagRunInfo;
import io.updraft.schedule.DataInterval;
import io.updraft.schedule.Restriction;
import io.updraft.schedule.Timetable;
import io.updraft.schedule.Timetables;
import io.updraft.dag.DagRecord;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Airflow's {@code dags pause|unpause|state|next-execution}, printing what Airflow 3.3.2 prints. */
final class DagStateCommands {

    private DagStateCommands() {
    }

    /** What pause and unpause share; picocli reads the annotated fields of the superclass. */
    abstract static class PauseVerb implements Callable<Integer> {
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;

        abstract boolean paused();

        @Override
        public Integer call() {
            return setPaused(spec, output, dagId, paused());
        }
    }

    @Command(name = "pause", description = "Pause a DAG: no new scheduled runs.")
    static final class Pause extends PauseVerb {
        @Override
        boolean paused() {
            return true;
        }
    }

    @Command(name = "unpause", description = "Resume a paused DAG.")
    static final class Unpause extends PauseVerb {
        @Override
        boolean paused() {
            return false;
        }
    }

    /** As Airflow: prints the DAG with its previous is_paused, or that none was in the other state. */
    private static int setPaused(CommandSpec spec, OutputOption output, String dagId, boolean paused) {
        try (Updraft updraft = CliSupport.open()) {
            CliSupport.loadDag(updraft, spec, dagId);
            boolean before = updraft.dags().find(dagId).map(DagRecord::isPaused).orElse(true);
            if (before == paused) {
                System.out.println("No " + (paused ? "un" : "") + "paused DAGs were found");
                return 0;
            }
            updraft.setPaused(dagId, paused);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("dag_id", dagId);
            row.put("is_paused", before);
            Output.print(System.out, output.format, List.of("dag_id", "is_paused"), List.of(row));
            return 0;
        }
    }

    @Command(name = "state",
            description = "The state of a DAG run (and its conf as JSON when it has one), or None.")
    static final class State implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;
        @Parameters(index = "1", paramLabel = "LOGICAL_DATE_OR_RUN_ID") String dateOrRunId;

        @Override
        public Integer call() {
            try (Updraft updraft = CliSupport.open()) {
                Optional<DagRun> run = findRun(updraft, spec, dagId, dateOrRunId);
                System.out.println(run.map(r -> r.conf().isEmpty() ? r.state().value()
                        : r.state().value() + ", " + Json.write(r.conf())).orElse("None"));
                return 0;
            }
        }
    }

    @Command(name = "next-execution",
            description = "The logical dates of the DAG's next scheduled runs.")
    static final class NextExecution implements Callable<Integer> {
        private static final List<String> COLUMNS = List.of("logical_date", "data_interval.start",
                "data_interval.end", "run_after");

        @Spec CommandSpec spec;
        @Mixin OutputOption output;
        @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;
        @Option(names = {"-n", "--num-executions"}, defaultValue = "1", description = "How many (default: 1).")
        int count;
        @Option(names = "--table", description = "Print logical_date, data_interval.start, data_interval.end and "
                + "run_after of each (in the -o format).") boolean table;
        @Option(names = "--field", description = "Print this field instead of logical_date: one of "
                + "logical_date, data_interval.start, data_interval.end, run_after.") String field;

        @Override
        public Integer call() {
            if (table && field != null) {
                throw new ParameterException(spec.commandLine(), "Cannot use --table and --field together");
            }
            if (field != null && !COLUMNS.contains(field)) {
                throw new ParameterException(spec.commandLine(), "--field must be one of " + COLUMNS);
            }
            try (Updraft updraft = CliSupport.open()) {
                Dag dag = CliSupport.loadDag(updraft, spec, dagId);
                if (updraft.dags().find(dagId).map(DagRecord::isPaused).orElse(true)) {
                    System.err.println("[INFO] Please be reminded this DAG is PAUSED now.");
                }
                // the first as the scheduler would create it now, after the last scheduled run; then each next one
                DataInterval last = updraft.runs().previousRun(dagId, Instant.parse("9999-01-01T00:00:00Z"), true)
                        .map(run -> new DataInterval(run.dataIntervalStart(), run.dataIntervalEnd())).orElse(null);
                Optional<DagRunInfo> next = Timetables.nextRun(dag, last, Instant.now());
                Timetable timetable = Timetables.of(dag);
                List<Map<String, Object>> rows = new java.util.ArrayList<>();
                for (int i = 0; i < count; i++) {
                    if (next.isEmpty()) {
                        System.err.println("[WARN] No following schedule can be found. This DAG may have schedule "
                                + "interval '@once' or `None`.");
                        if (!table) {
                            System.out.println("None");
                        }
                        break;
                    }
                    Map<String, Object> row = row(next.get());
                    if (table) {
                        rows.add(row);
                    } else {
                        System.out.println(row.get(field == null ? "logical_date" : field));
                    }
                    next = timetable.nextRun(next.get().dataInterval(), new Restriction(null, null, true),
                            Instant.now());
                }
                if (table) {
                    Output.print(System.out, output.format, COLUMNS, rows);
                }
                return 0;
            }
        }

        private static Map<String, Object> row(DagRunInfo info) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("logical_date", RunIds.isoformat(info.logicalDate()));
            row.put("data_interval.start", RunIds.isoformat(info.dataInterval().start()));
            row.put("data_interval.end", RunIds.isoformat(info.dataInterval().end()));
            row.put("run_after", RunIds.isoformat(info.runAfter()));
            return row;
        }
    }

    /** A run named by its run id, or by its logical date as Airflow's CLI accepts it. */
    static Optional<DagRun> findRun(Updraft updraft, CommandSpec spec, String dagId, String dateOrRunId) {
        Optional<DagRun> byId = updraft.runs().findRun(dagId, dateOrRunId);
        if (byId.isPresent()) {
            return byId;
        }
        Instant date;
        try {
            date = CliSupport.parseDate(spec, dateOrRunId);
        } catch (ParameterException notADate) {
            return Optional.empty();
        }
        return updraft.runs().findRuns(dagId, Set.of(), Integer.MAX_VALUE, 0).stream()
                .filter(run -> date.equals(run.logicalDate())).findFirst();
    }
}
