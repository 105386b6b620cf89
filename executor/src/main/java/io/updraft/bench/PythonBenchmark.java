package io.updraft.bench;

import io.updraft.app.Updraft;
import io.updraft.config.UpdraftConfig;
import io.updraft.dag.Dag;
import io.updraft.run.DagRun;
import io.updraft.run.EngineSettings;
import io.updraft.run.RunEngine;
import io.updraft.run.RunState;
import io.updraft.run.TriggerRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Python task overhead as a user meets it: YAML DAGs in a real folder, each a chain of no-op tasks run through the
 * engine on the embedded store, timed from trigger to the run's end and divided by the chain's length. A
 * BashOperator running {@code true} is the baseline; a no-op PythonOperator is measured with a fresh interpreter
 * per task, and as forks of the warm interpreter: cold (the first run, which starts the fork server) and warm; a
 * no-op PythonVirtualenvOperator with its environment cached (built by the first run).
 */
public final class PythonBenchmark {

    private final PrintStream out;
    private final int chainLength;
    private final int repeat;

    public PythonBenchmark(PrintStream out, int chainLength, int repeat) {
        this.out = out;
        this.chainLength = chainLength;
        this.repeat = repeat;
    }

    public void run() throws Exception {
        Path scratch = Files.createTempDirectory("updraft-python-bench");
        Path dags = Files.createDirectories(scratch.resolve("dags"));
        Files.writeString(dags.resolve("noop.py"), "def noop():\n    pass\n");
        Files.writeString(dags.resolve("chains.yml"), chain("bash_chain", """
                      operator: airflow.providers.standard.operators.bash.BashOperator
                      bash_command: "true"
                """) + chain("python_chain", """
                      operator: airflow.providers.standard.operators.python.PythonOperator
                      python_callable_name: noop
                      python_callable_file: $CONFIG_ROOT_DIR/noop.py
                """) + chain("virtualenv_chain", """
                      operator: airflow.providers.standard.operators.python.PythonVirtualenvOperator
                      python_callable_name: noop
                      python_callable_file: $CONFIG_ROOT_DIR/noop.py
                      system_site_packages: false
                """));
        out.printf("%nPython tasks (chains of %d no-op tasks, embedded H2, %d cores; load average %s); per task: "
                + "the run's wall time / %d, median of %d runs after the first%n", chainLength,
                Runtime.getRuntime().availableProcessors(), StandaloneProcess.loadAverage(), chainLength, repeat);
        double bash = measure(scratch, dags, "bash", "bash_chain", true)[1];
        out.printf("  BashOperator `true`: %.1f ms per task%n", bash);
        double[] fresh = measure(scratch, dags, "fresh", "python_chain", false);
        out.printf("  PythonOperator no-op, a fresh interpreter per task: %.1f ms per task (%+.1f ms beyond Bash)%n",
                fresh[1], fresh[1] - bash);
        double[] forked = measure(scratch, dags, "forked", "python_chain", true);
        out.printf("  PythonOperator no-op, forks of the warm interpreter: cold (first run, starts the fork server) "
                + "%.1f ms per task; warm %.1f ms per task (%+.1f ms beyond Bash)%n", forked[0], forked[1],
                forked[1] - bash);
        double[] virtualenv = measure(scratch, dags, "virtualenv", "virtualenv_chain", true);
        out.printf("  PythonVirtualenvOperator no-op, cached environment (forks of its warm interpreter): first run "
                + "(builds the environment) %.1f ms per task; then %.1f ms per task (%+.1f ms beyond Bash)%n",
                virtualenv[0], virtualenv[1], virtualenv[1] - bash);
    }

    private String chain(String dagId, String operator) {
        StringBuilder yaml = new StringBuilder(dagId + ":\n  default_args: {start_date: 2024-01-01}\n"
                + "  schedule: null\n  tasks:\n");
        for (int i = 0; i < chainLength; i++) {
            yaml.append("    - task_id: t").append(i).append('\n').append(operator);
            if (i > 0) {
                yaml.append("      dependencies: [t").append(i - 1).append("]\n");
            }
        }
        return yaml.toString();
    }

    /** Returns {first run, median of the next runs}, in ms per task. */
    private double[] measure(Path scratch, Path dags, String label, String dagId, boolean forkServer)
            throws Exception {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("UPDRAFT_PYTHON_FORK_SERVER", Boolean.toString(forkServer));
        UpdraftConfig config = UpdraftConfig.from(Map.of("UPDRAFT_HOME", scratch.resolve(label).toString(),
                "UPDRAFT_DAGS_FOLDER", dags.toString()));
        try (Updraft updraft = Updraft.open(config, environment)) {
            updraft.loadDags();
            Dag dag = updraft.dag(dagId).orElseThrow(() -> new IllegalStateException(dagId + " did not load: "
                    + updraft.importErrors().list(10, 0)));
            RunEngine engine = updraft.startEngine(false, EngineSettings.DEFAULT_PARALLELISM);
            double first = runOnce(engine, dag);
            List<Double> next = new ArrayList<>();
            for (int i = 0; i < repeat; i++) {
                next.add(runOnce(engine, dag));
            }
            return new double[] {first, Percentiles.of(next, 50)};
        }
    }

    private double runOnce(RunEngine engine, Dag dag) throws Exception {
        long start = System.nanoTime();
        DagRun run = engine.completion(engine.trigger(dag, TriggerRequest.manual(Instant.now(), Map.of(), "bench")))
                .get();
        double millis = (System.nanoTime() - start) / 1e6;
        if (run.state() != RunState.SUCCESS) {
            throw new IOException("the benchmark run " + dag.dagId() + "/" + run.runId() + " ended "
                    + run.state().value());
        }
        return millis / chainLength;
    }
}
