package io.updraft.operator;

import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import io.updraft.run.KillSwitch;
import io.updraft.run.TaskAttempt;
import io.updraft.run.TaskOutcome;
import io.updraft.template.Fixtures;
import io.updraft.template.InMemoryStores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** A real {@link OperatorTaskRunner} over in-memory stores and a temporary UPDRAFT_HOME. */
final class RunnerHarness {

    static final Instant LOGICAL_DATE = Instant.parse("2024-03-01T00:00:00Z");

    final Path home;
    final InMemoryStores.XComs xcoms = new InMemoryStores.XComs();
    final InMemoryStores.Variables variables = new InMemoryStores.Variables();
    final InMemoryStores.Connections connections = new InMemoryStores.Connections();
    final Map<String, String> environment = new HashMap<>(System.getenv());
    private TaskAttempt lastAttempt;

    RunnerHarness(Path home) {
        this.home = home;
    }

    /** How Python tasks run: the fork server as configured by the environment, the DAGs folder home/dags. */
    PythonSettings python;

    OperatorTaskRunner runner() {
        PythonSettings settings = python != null ? python
                : PythonSettings.from(environment, home, home.resolve("dags"));
        return new OperatorTaskRunner(new OperatorRegistry(), xcoms, variables, connections, home, settings,
                environment);
    }

    TaskOutcome run(Dag dag, String taskId, Map<String, Object> conf) {
        return runner().run(attempt(dag, taskId, conf, new KillSwitch()));
    }

    TaskOutcome run(Task task) {
        return run(Dag.builder(Fixtures.DAG_ID).task(task).build(), task.taskId(), Map.of());
    }

    TaskAttempt attempt(Dag dag, String taskId, Map<String, Object> conf, KillSwitch killSwitch) {
        Task task = dag.task(taskId);
        lastAttempt = new TaskAttempt(dag, task, Fixtures.aRun(LOGICAL_DATE, conf),
                Fixtures.aRunningInstance(taskId, 1, task.retries(), -1), Map.of(),
                logFile(taskId), killSwitch);
        return lastAttempt;
    }

    TaskAttempt lastAttempt() {
        return lastAttempt;
    }

    Path logFile(String taskId) {
        return home.resolve("logs").resolve(taskId + ".log");
    }

    String log(String taskId) {
        try {
            return Files.readString(logFile(taskId));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A test resource copied into the home, as a DAG file's neighbour would be. */
    Path resource(String name) {
        try (var in = getClass().getResourceAsStream("/io/updraft/operator/" + name)) {
            Path target = home.resolve("dags").resolve(name);
            Files.createDirectories(target.getParent());
            Files.write(target, in.readAllBytes());
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
