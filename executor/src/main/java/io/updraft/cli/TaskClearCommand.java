package io.updraft.cli;

import io.updraft.app.Updraft;
import io.updraft.dag.Dag;
import io.updraft.run.DagRun;
import io.updraft.run.EngineSettings;
import io.updraft.run.RunEngine;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Airflow's {@code tasks clear}: the chosen task instances run again, cleared through the engine as the REST API's
 * clear is: by the engine that drives the run (`standalone` or `scheduler`, also on the embedded store), which
 * runs them again. Without a running scheduler, this process runs them until they finish.
 */
@Command(name = "clear", description = "Clear a set of task instances, as if they never ran; the running scheduler "
        + "runs them again (without one, this process does, and waits until their runs finish).")
final class TaskClearCommand implements Callable<Integer> {

    private static final Set<TaskState> FAILED = Set.of(TaskState.FAILED, TaskState.UPSTREAM_FAILED);

    @Spec CommandSpec spec;
    @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;
    @Option(names = {"-t", "--task-regex"}, description = "The regex to filter specific task_ids (optional)")
    String taskRegex;
    @Option(names = {"-s", "--start-date"}, description = "Only runs with this logical date or later")
    String startDate;
    @Option(names = {"-e", "--end-date"}, description = "Only runs with this logical date or earlier")
    String endDate;
    @Option(names = {"-f", "--only-failed"}, description = "Only failed jobs") boolean onlyFailed;
    @Option(names = {"-r", "--only-running"}, description = "Only running jobs") boolean onlyRunning;
    @Option(names = {"-u", "--upstream"}, description = "Include upstream tasks") boolean upstream;
    @Option(names = {"-d", "--downstream"}, description = "Include downstream tasks") boolean downstream;
    @Option(names = {"-y", "--yes"}, description = "Do not prompt to confirm. Use with care!") boolean yes;

    @Override
    public Integer call() throws Exception {
        Instant from = CliSupport.parseDate(spec, startDate);
        Instant to = CliSupport.parseDate(spec, endDate);
        try (Updraft updraft = CliSupport.open()) {
            Dag dag = CliSupport.loadDag(updraft, spec, dagId);
            Set<String> taskIds = taskIds(dag);
            Map<DagRun, List<TaskInstance>> chosen = new LinkedHashMap<>();
            for (DagRun run : updraft.runs().findRuns(dagId, Set.of(), Integer.MAX_VALUE, 0)) {
                Instant date = run.logicalDate() != null ? run.logicalDate() : run.runAfter();
                if (from != null && date.isBefore(from) || to != null && date.isAfter(to)) {
                    continue;
                }
                List<TaskInstance> tis = updraft.runs().taskInstances(dagId, run.runId()).stream()
                        .filter(ti -> taskIds.contains(ti.taskId()))
                        .filter(ti -> !onlyFailed || FAILED.contains(ti.state()))
                        .filter(ti -> !onlyRunning || ti.state() == TaskState.RUNNING)
                        .toList();
                if (!tis.isEmpty()) {
                    chosen.put(run, tis);
                }
            }
            if (chosen.isEmpty()) {
                System.out.println("No task instances to clear.");
                return 0;
            }
            if (!yes && !confirmed(chosen)) {
                System.out.println("Cancelled, nothing was cleared.");
                return 0;
            }
            RunEngine engine = updraft.startEngine(false, EngineSettings.DEFAULT_PARALLELISM);
            int count = 0;
            for (Map.Entry<DagRun, List<TaskInstance>> entry : chosen.entrySet()) {
                count += engine.clearTaskInstances(dagId, entry.getKey().runId(),
                        entry.getValue().stream().map(TaskInstance::key).toList()).get().size();
            }
            System.out.println("Cleared " + count + " task instance(s) in " + chosen.size() + " run(s)");
            // as Airflow's: the running scheduler runs them again; without one, this process does, to their end
            Set<DagRun> drivenHere = new LinkedHashSet<>();
            chosen.keySet().stream().filter(run -> engine.drivesRunHere(dagId, run.runId())).forEach(drivenHere::add);
            return awaitRuns(updraft, drivenHere);
        }
    }

    /** The tasks named by the regex (all without one), with their upstream and/or downstream tasks. */
    private Set<String> taskIds(Dag dag) {
        if (taskRegex == null) {
            return dag.tasks().keySet();
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(taskRegex);
        } catch (PatternSyntaxException e) {
            throw new ParameterException(spec.commandLine(), "--task-regex is not a regular expression: "
                    + e.getDescription());
        }
        Set<String> ids = new LinkedHashSet<>();
        for (String taskId : dag.tasks().keySet()) {
            if (pattern.matcher(taskId).find()) { // Python's re.search, as Airflow's partial_subset
                ids.add(taskId);
                if (upstream) {
                    ids.addAll(dag.closure(taskId, false));
                }
                if (downstream) {
                    ids.addAll(dag.closure(taskId, true));
                }
            }
        }
        return ids;
    }

    private static boolean confirmed(Map<DagRun, List<TaskInstance>> chosen) throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        chosen.values().forEach(tis -> tis.forEach(ti -> lines.add("<TaskInstance: " + ti.dagId() + "."
                + ti.taskId() + " " + ti.runId() + (ti.mapIndex() >= 0 ? " map_index=" + ti.mapIndex() : "") + " ["
                + (ti.state() == null ? "None" : ti.state().value()) + "]>")));
        System.out.println("You are about to delete these " + lines.size() + " tasks:\n" + String.join("\n", lines)
                + "\n\nAre you sure? [y/n]");
        String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        return answer != null && answer.strip().equalsIgnoreCase("y");
    }

    /** Waits until every cleared run has finished again (read from the store, wherever it runs); 1 if one failed. */
    private int awaitRuns(Updraft updraft, Set<DagRun> runs) throws InterruptedException {
        int status = 0;
        for (DagRun run : runs) {
            DagRun now = updraft.runs().findRun(dagId, run.runId()).orElseThrow();
            while (!now.state().isFinished()) {
                Thread.sleep(200);
                now = updraft.runs().findRun(dagId, run.runId()).orElseThrow();
            }
            System.out.println("Dag run " + now.runId() + " of " + dagId + " finished: " + now.state().value());
            status = now.state() == io.updraft.run.RunState.SUCCESS ? status : 1;
        }
        return status;
    }
}
