package io.updraft.cli;

import io.updraft.app.Updraft;
import io.updraft.dag.Dag;
import io.updraft.config.UpdraftConfig;
import io.updraft.dag.DagBag;
import io.updraft.dag.factory.DagFolderLoader;
import io.updraft.dag.ImportError;
import io.updraft.dag.LoadWarning;
import io.updraft.operator.OperatorRegistry;
import io.updraft.operator.PythonSettings;
import io.updraft.run.DagRun;
import io.updraft.run.RunEngine;
import io.updraft.run.RunState;
import io.updraft.run.RunType;
import io.updraft.run.TaskInstance;
import io.updraft.run.TriggerRequest;
import io.updraft.run.LogPaths;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code updraft dags ...}: Airflow's {@code airflow dags} verbs. */
@Command(name = "dags", description = "Manage DAGs.", subcommands = {DagsCommand.ListDags.class,
        DagsCommand.ListImportErrors.class, DagsCommand.ListRuns.class, DagsCommand.Test.class,
        DagsCommand.Trigger.class, DagStateCommands.Pause.class, DagStateCommands.Unpause.class,
        DagStateCommands.State.class, DagStateCommands.NextExecution.class, DagInfoCommands.Delete.class,
        DagInfoCommands.Details.class, DagInfoCommands.Show.class})
final class DagsCommand {

    @Command(name = "list", description = "List the DAGs in the DAGs folder (UPDRAFT_DAGS_FOLDER).")
    static final class ListDags implements Runnable {
        @Mixin OutputOption output;

        /**
         * Read-only, as Airflow's: the folder is parsed and the paused flags read, but nothing is stored, so the
         * store is not opened as the service opens it (pool, migrations), which took most of the command's time.
         */
        @Override
        public void run() {
            UpdraftConfig config = UpdraftConfig.fromEnvironment();
            // operator classes written in Python under the DAGs or plugins folder are known, as in the service
            PythonSettings python = PythonSettings.from(System.getenv(), config.home(), config.dagsFolder());
            DagBag bag = DagFolderLoader.load(config.dagsFolder(),
                    new OperatorRegistry().withUserPython(python));
            Map<String, Boolean> paused = PausedFlags.read(config);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (Dag dag : bag.dags().stream().sorted(Comparator.comparing(Dag::dagId)).toList()) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("dag_id", dag.dagId());
                row.put("fileloc", dag.fileloc());
                row.put("owners", String.join(",", dag.owners()));
                // Airflow's [core] dags_are_paused_at_creation: a DAG the service has not stored yet
                row.put("is_paused", paused.getOrDefault(dag.dagId(), dag.isPausedUponCreation() == null
                        || dag.isPausedUponCreation()));
                rows.add(row);
            }
            Output.print(System.out, output.format, List.of("dag_id", "fileloc", "owners", "is_paused"), rows);
            for (LoadWarning warning : bag.warnings()) {
                System.err.println("Warning: " + warning.filename()
                        + (warning.line() == null ? "" : ":" + warning.line()) + ": " + warning.message());
            }
            if (!bag.importErrors().isEmpty()) {
                System.err.println("Failed to load all files. For details, run `updraft dags list-import-errors`");
            }
        }
    }

    @Command(name = "list-import-errors", description = "List the DAG files that failed to load, and why.")
    static final class ListImportErrors implements Callable<Integer> {
        @Mixin OutputOption output;

        @Override
        public Integer call() {
            try (Updraft updraft = CliSupport.open()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (ImportError error : updraft.loadDags().importErrors()) {
                    rows.add(Map.of("filepath", error.filename(), "error", error.stackTrace()));
                }
                Output.print(System.out, output.format, List.of("filepath", "error"), rows);
                return rows.isEmpty() ? 0 : 1;
            }
        }
    }

    @Command(name = "list-runs", description = "List the runs of a DAG, newest first.")
    static final class ListRuns implements Runnable {
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(index = "0", arity = "0..1", paramLabel = "DAG_ID") String dagIdParameter;
        @Option(names = {"-d", "--dag-id"}, description = "The DAG (Airflow 2 spelling).") String dagIdOption;
        @Option(names = "--state", description = "Only runs in this state.") String state;
        @Option(names = "--limit", defaultValue = "100") int limit;

        @Override
        public void run() {
            String dagId = dagIdParameter != null ? dagIdParameter : dagIdOption;
            if (dagId == null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "Missing DAG_ID");
            }
            Set<RunState> states = state == null ? Set.of() : EnumSet.of(RunState.of(state));
            try (Updraft updraft = CliSupport.open()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                for (DagRun run : updraft.runs().findRuns(dagId, states, limit, 0)) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("dag_id", run.dagId());
                    row.put("run_id", run.runId());
                    row.put("state", run.state().value());
                    row.put("run_after", run.runAfter());
                    row.put("logical_date", run.logicalDate());
                    row.put("start_date", run.startDate());
                    row.put("end_date", run.endDate());
                    rows.add(row);
                }
                Output.print(System.out, output.format,
                        List.of("dag_id", "run_id", "state", "run_after", "logical_date", "start_date", "end_date"),
                        rows);
            }
        }
    }

    @Command(name = "test", description = "Run one DAG run to completion in this process and print each task's "
            + "final state; the exit code is 1 when the run fails.")
    static final class Test implements Callable<Integer> {
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;
        @Parameters(index = "1", arity = "0..1", paramLabel = "LOGICAL_DATE",
                description = "Default: now.") String logicalDate;
        @Option(names = {"-c", "--conf"}, description = "JSON object passed as dag_run.conf.") String conf;
        @Option(names = "--no-logs", description = "Do not print the task logs.") boolean noLogs;
        @Option(names = "--report", paramLabel = "FILE", description = "Also write the run's state and each task "
                + "instance's state, try_number and XCom return_value to FILE as JSON (the differential suite "
                + "compares it with Airflow's).") Path report;

        @Override
        public Integer call() throws Exception {
            try (Updraft updraft = CliSupport.open()) {
                Dag dag = CliSupport.loadDag(updraft, spec, dagId);
                Instant date = logicalDate == null ? Instant.now() : CliSupport.parseDate(spec, logicalDate);
                RunEngine engine = updraft.startEngine(false, io.updraft.run.EngineSettings.DEFAULT_PARALLELISM);
                updraft.queueTriggeredRuns(); // as Airflow's: a TriggerDagRunOperator's run waits for a scheduler
                // as Airflow's DAG.test: a run already on this logical date is deleted, and the new one is
                // named after now (manual__<now>), so each test is a new run
                replaceRunOn(updraft, engine, dagId, date);
                DagRun run = engine.trigger(dag, new TriggerRequest(null, RunType.MANUAL, date, null, null,
                        Instant.now(), CliSupport.parseConf(spec, conf), null, "test"));
                DagRun finished = engine.completion(run).get();
                List<TaskInstance> instances = updraft.runs().taskInstances(dagId, run.runId());
                if (!noLogs) {
                    printLogs(updraft, dag, instances);
                }
                TasksCommand.printStates(output.format, finished, instances);
                if (report != null) {
                    RunReport.write(report, updraft.runs(), finished, instances);
                }
                System.out.println("Dag run " + finished.runId() + " of " + dagId + " finished: "
                        + finished.state().value());
                return finished.state() == RunState.SUCCESS ? 0 : 1;
            }
        }

        private static void replaceRunOn(Updraft updraft, RunEngine engine, String dagId, Instant date)
                throws Exception {
            for (DagRun old : updraft.runs().findRuns(dagId, Set.of(), Integer.MAX_VALUE, 0)) {
                if (date.equals(old.logicalDate())) {
                    if (old.state().isFinished()) {
                        updraft.runs().deleteRun(dagId, old.runId()); // the engine holds only unfinished runs
                    } else {
                        engine.deleteRun(dagId, old.runId()).get();
                    }
                }
            }
        }

        private static void printLogs(Updraft updraft, Dag dag, List<TaskInstance> instances) throws IOException {
            List<String> order = new ArrayList<>(dag.tasks().keySet());
            List<TaskInstance> sorted = new ArrayList<>(instances);
            sorted.sort(Comparator.comparingInt((TaskInstance ti) -> order.indexOf(ti.taskId()))
                    .thenComparingInt(TaskInstance::mapIndex));
            for (TaskInstance ti : sorted) {
                for (int attempt = 1; attempt <= ti.tryNumber(); attempt++) {
                    Path log = LogPaths.attemptLog(updraft.config().logsFolder(), ti.key(), attempt);
                    if (Files.exists(log)) {
                        System.out.println("----- " + ti.key() + " attempt " + attempt + " -----");
                        System.out.print(Files.readString(log));
                    }
                }
            }
        }
    }

    @Command(name = "trigger", description = "Create a queued run of a DAG; a running `updraft scheduler` runs it.")
    static final class Trigger implements Runnable {
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;
        @Option(names = {"-c", "--conf"}, description = "JSON object passed as dag_run.conf.") String conf;
        @Option(names = {"-l", "--logical-date"}, description = "Default: now.") String logicalDate;
        @Option(names = {"-r", "--run-id"}) String runId;

        @Override
        public void run() {
            try (Updraft updraft = CliSupport.open()) {
                Dag dag = CliSupport.loadDag(updraft, spec, dagId);
                Instant date = logicalDate == null ? Instant.now() : CliSupport.parseDate(spec, logicalDate);
                DagRun run = new io.updraft.run.RunCreator(updraft.runs()).create(dag, new TriggerRequest(runId,
                        RunType.MANUAL, date, null, null, null, CliSupport.parseConf(spec, conf), null, "cli"),
                        task -> updraft.operators().operatorClassName(task.operator()));
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("dag_id", run.dagId());
                row.put("run_id", run.runId());
                row.put("state", run.state().value());
                row.put("logical_date", run.logicalDate());
                row.put("conf", run.conf());
                Output.print(System.out, output.format, List.of("dag_id", "run_id", "state", "logical_date", "conf"),
                        List.of(row));
            }
        }
    }
}
