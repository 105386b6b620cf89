package io.updraft.cli;

import io.updraft.store.JdbiScheduleStore;
import io.updraft.app.Updraft;
import io.updraft.dag.Dag;
import io.updraft.run.RunCreator;
import io.updraft.run.RunIds;
import io.updraft.schedule.BackfillRequest;
import io.updraft.schedule.Backfills;
import io.updraft.schedule.ReprocessBehavior;
import io.updraft.schedule.RunSink;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code updraft backfill create}: Airflow 3's {@code airflow backfill create}. */
@Command(name = "backfill", description = "Create backfills.", subcommands = BackfillCommand.Create.class)
final class BackfillCommand {

    @Command(name = "create", description = "Queue a backfill run for every scheduled logical date in a range."
            + " Runs are created as --max-active-runs allows, so the command waits while an engine"
            + " (updraft scheduler or the service) runs them.")
    static final class Create implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin OutputOption output;

        @Option(names = "--dag-id", required = true, description = "The DAG to backfill.")
        String dagId;

        @Option(names = "--from-date", required = true, description = "First logical date (inclusive).")
        String fromDate;

        @Option(names = "--to-date", required = true, description = "Last logical date (inclusive).")
        String toDate;

        @Option(names = "--max-active-runs", defaultValue = "" + BackfillRequest.DEFAULT_MAX_ACTIVE_RUNS,
                description = "Backfill runs queued or running at once (default: ${DEFAULT-VALUE}).")
        int maxActiveRuns;

        @Option(names = "--reprocess-behavior", defaultValue = "none",
                description = "Dates that already have a run: none, failed or completed (default: ${DEFAULT-VALUE}).")
        String reprocessBehavior;

        @Option(names = "--run-backwards", description = "Create the newest run first.")
        boolean runBackwards;

        @Option(names = "--dag-run-conf", description = "JSON conf for every run.")
        String conf;

        @Option(names = "--dry-run", description = "Print what would be done and change nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws InterruptedException {
            try (Updraft updraft = CliSupport.open()) {
                Dag dag = CliSupport.loadDag(updraft, spec, dagId);
                BackfillRequest request = new BackfillRequest(dagId, CliSupport.parseDate(spec, fromDate),
                        CliSupport.parseDate(spec, toDate), runBackwards, CliSupport.parseConf(spec, conf),
                        behavior(), maxActiveRuns);
                RunSink sink = RunSink.store(new RunCreator(updraft.runs()), updraft.runs(),
                        task -> updraft.operators().operatorClassName(task.operator()));
                Backfills backfills = new Backfills(updraft.runs(), new JdbiScheduleStore(updraft.database()), sink,
                        Duration.ofSeconds(1));
                if (dryRun && output.format == Output.Format.table) {
                    printDryRunParams(request);
                }
                List<Backfills.PlannedRun> plan = dryRun ? backfills.plan(dag, request)
                        : backfills.create(dag, request).plan();
                if (dryRun && output.format == Output.Format.table) {
                    System.out.println("Runs to be attempted:");
                }
                print(plan);
                return 0;
            }
        }

        private ReprocessBehavior behavior() {
            try {
                return ReprocessBehavior.of(reprocessBehavior);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(),
                        "--reprocess-behavior must be none, failed or completed, not '" + reprocessBehavior + "'");
            }
        }

        /** What Airflow 3.3's `backfill create --dry-run` prints before the runs. */
        private void printDryRunParams(BackfillRequest request) {
            System.out.println("Performing dry run of backfill.");
            System.out.println("Printing params:");
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("dag_id", dagId);
            params.put("from_date", RunIds.isoformat(request.fromDate()));
            params.put("to_date", RunIds.isoformat(request.toDate()));
            params.put("max_active_runs", maxActiveRuns);
            params.put("reverse", runBackwards ? "True" : "False");
            params.put("dag_run_conf", conf == null ? "None" : conf);
            params.put("reprocess_behavior", reprocessBehavior == null ? "None" : reprocessBehavior);
            params.forEach((key, value) -> System.out.println("    - " + key + " = " + value));
        }

        private void print(List<Backfills.PlannedRun> plan) {
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Backfills.PlannedRun planned : plan) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("logical_date", RunIds.isoformat(planned.info().logicalDate()));
                row.put("partition_key", null); // Airflow 3.3's columns: no partitioned schedules here
                row.put("partition_date", null);
                row.put("action", planned.action().name().toLowerCase(Locale.ROOT));
                row.put("existing_run_id", planned.existingRunId() == null ? "" : planned.existingRunId());
                rows.add(row);
            }
            Output.print(System.out, output.format, List.of("logical_date", "partition_key", "partition_date", "action",
                    "existing_run_id"), rows);
        }
    }
}
