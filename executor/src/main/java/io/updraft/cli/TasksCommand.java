package io.updraft.cli;

import io.updraft.app.Updraft;
import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import io.updraft.run.TaskInstanceIds;
import io.updraft.run.DagRun;
import io.updraft.run.KillSwitch;
import io.updraft.run.RunState;
import io.updraft.run.RunType;
import io.updraft.run.RunIds;
import io.updraft.run.TaskAttempt;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskOutcome;
import io.updraft.run.TaskState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code updraft tasks ...}: Airflow's {@code airflow tasks} verbs. */
@Command(name = "tasks", description = "Manage tasks.",
        subcommands = {TasksCommand.Test.class, TasksCommand.StatesForDagRun.class, TasksCommand.ListTasks.class,
                TasksCommand.State.class, TaskClearCommand.class})
final class TasksCommand {

    @Command(name = "test", description = "Run one task once, ignoring its dependencies and recording no state "
            + "(as `airflow tasks test`); prints its log; the exit code is 1 when it fails.")
    static final class Test implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;
        @Parameters(index = "1", paramLabel = "TASK_ID") String taskId;
        @Parameters(index = "2", arity = "0..1", paramLabel = "LOGICAL_DATE", description = "Default: now.")
        String logicalDate;
        @Option(names = {"-c", "--conf"}, description = "JSON object passed as dag_run.conf.") String conf;

        @Override
        public Integer call() throws Exception {
            try (Updraft updraft = CliSupport.open()) {
                Dag dag = CliSupport.loadDag(updraft, spec, dagId);
                Task task = dag.task(taskId);
                if (task == null) {
                    throw new ParameterException(spec.commandLine(), "Task '" + taskId + "' not found in DAG '"
                            + dagId + "'");
                }
                if (task.isMapped()) {
                    throw new ParameterException(spec.commandLine(), "Task '" + taskId + "' is mapped; run the "
                            + "whole DAG with `updraft dags test " + dagId + "`");
                }
                Instant date = logicalDate == null ? Instant.now() : CliSupport.parseDate(spec, logicalDate);
                Instant now = Instant.now();
                // Airflow's tasks test uses a temporary run that is never stored
                String runId = "__airflow_temporary_run_" + RunIds.isoformat(now) + "__";
                DagRun run = new DagRun(0, dagId, runId, date, date, date, date, RunType.MANUAL, RunState.RUNNING,
                        now, now, null, CliSupport.parseConf(spec, conf), null, "test", dag.versionHash(), 0, null,
                        now);
                TaskInstance ti = new TaskInstance(TaskInstanceIds.next(), dagId, runId, taskId, -1,
                        TaskState.RUNNING, 1, task.retries(), now, null, null, System.getProperty("user.name"), null,
                        task.pool(), task.poolSlots(), task.queue(), dag.effectivePriority(taskId),
                        updraft.operators().operatorClassName(task.operator()), now, now, null, null, null, null, now);
                Path logFile = Files.createTempDirectory("updraft-tasks-test").resolve("attempt=1.log");
                TaskOutcome outcome = updraft.taskRunner().run(new TaskAttempt(dag, task, run, ti, Map.of(),
                        logFile, new KillSwitch()));
                if (Files.exists(logFile)) {
                    System.out.print(Files.readString(logFile));
                }
                System.out.println("Task " + taskId + " finished: " + outcome.result().name().toLowerCase()
                        + (outcome.error() == null ? "" : " (" + outcome.error() + ")"));
                return outcome.result() == TaskOutcome.Result.SUCCESS
                        || outcome.result() == TaskOutcome.Result.SKIPPED ? 0 : 1;
            }
        }
    }

    @Command(name = "states-for-dag-run", description = "The state of every task instance of a DAG run.")
    static final class StatesForDagRun implements Callable<Integer> {
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;
        @Parameters(index = "1", paramLabel = "RUN_ID") String runId;

        @Override
        public Integer call() {
            try (Updraft updraft = CliSupport.open()) {
                DagRun run = updraft.runs().findRun(dagId, runId).orElseThrow(() -> new ParameterException(
                        spec.commandLine(), "DagRun with DAG ID: '" + dagId + "' and DagRun ID: '" + runId
                                + "' not found"));
                printStates(output.format, run, updraft.runs().taskInstances(dagId, runId));
                return 0;
            }
        }
    }

    @Command(name = "list", description = "The DAG's task ids, sorted, one a line (as `airflow tasks list`).")
    static final class ListTasks implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;

        @Override
        public Integer call() {
            try (Updraft updraft = CliSupport.open()) {
                CliSupport.loadDag(updraft, spec, dagId).tasks().keySet().stream().sorted()
                        .forEach(System.out::println);
                return 0;
            }
        }
    }

    @Command(name = "state", description = "The state of a task instance (None when it has none).")
    static final class State implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;
        @Parameters(index = "1", paramLabel = "TASK_ID") String taskId;
        @Parameters(index = "2", paramLabel = "LOGICAL_DATE_OR_RUN_ID") String dateOrRunId;
        @Option(names = {"-m", "--map-index"}, defaultValue = "-1") int mapIndex;

        @Override
        public Integer call() {
            try (Updraft updraft = CliSupport.open()) {
                Dag dag = CliSupport.loadDag(updraft, spec, dagId);
                if (dag.task(taskId) == null) {
                    throw new ParameterException(spec.commandLine(), "Task '" + taskId + "' not found in DAG '"
                            + dagId + "'");
                }
                DagRun run = DagStateCommands.findRun(updraft, spec, dagId, dateOrRunId).orElseThrow(() ->
                        new ParameterException(spec.commandLine(), "DagRun for " + dagId + " with run_id or "
                                + "logical_date of '" + dateOrRunId + "' not found"));
                System.out.println(updraft.runs().taskInstances(dagId, run.runId()).stream()
                        .filter(ti -> ti.taskId().equals(taskId) && ti.mapIndex() == mapIndex)
                        .map(ti -> ti.state() == null ? "None" : ti.state().value()).findFirst().orElse("None"));
                return 0;
            }
        }
    }

    static void printStates(Output.Format format, DagRun run, List<TaskInstance> instances) {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (TaskInstance ti : instances) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("dag_id", ti.dagId());
            row.put("logical_date", run.logicalDate());
            row.put("task_id", ti.taskId());
            row.put("map_index", ti.mapIndex());
            row.put("state", ti.state().value());
            row.put("try_number", ti.tryNumber());
            row.put("start_date", ti.startDate());
            row.put("end_date", ti.endDate());
            row.put("duration", ti.duration());
            rows.add(row);
        }
        Output.print(System.out, format, List.of("dag_id", "logical_date", "task_id", "map_index", "state",
                "try_number", "start_date", "end_date", "duration"), rows);
    }
}
