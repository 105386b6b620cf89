package io.updraft.bench;

import io.updraft.dag.DagBag;
import io.updraft.dag.factory.DagFolderLoader;
import io.updraft.dag.OperatorCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Measures {@link DagFolderLoader}: writes generated dag-factory files (a {@code default:} block and one DAG of
 * BashOperator tasks, a chain that fans out) into a scratch folder, then times one cold load of the folder.
 */
public final class DagLoadBenchmark {

    public static final String BASH_OPERATOR = "airflow.providers.standard.operators.bash.BashOperator";

    /** What was loaded and how long it took. */
    public record Result(int files, int dags, int tasks, long millis) {
    }

    private DagLoadBenchmark() {
    }

    /** Benchmarks with a catalog that knows only the operator the generated files use. */
    public static Result run(Path scratchDir, int files, int tasksPerFile) {
        return run(scratchDir, files, tasksPerFile, new OperatorCatalog() {
            @Override
            public boolean isKnown(String operatorName) {
                return operatorName.equals(BASH_OPERATOR);
            }

            @Override
            public void validate(String operatorName, Map<String, Object> arguments) {
                if (!arguments.containsKey("bash_command")) {
                    throw new IllegalArgumentException("bash_command is required");
                }
            }
        });
    }

    public static Result run(Path scratchDir, int files, int tasksPerFile, OperatorCatalog catalog) {
        Path folder = scratchDir.resolve("benchmark-dags");
        try {
            Files.createDirectories(folder);
            for (int i = 0; i < files; i++) {
                Files.writeString(folder.resolve(String.format("dag_%05d.yml", i)), dagFile(i, tasksPerFile));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write benchmark DAG files to " + folder, e);
        }
        DagFolderLoader loader = new DagFolderLoader(catalog, Map.of(), Clock.systemUTC(),
                Runtime.getRuntime().availableProcessors());
        long start = System.nanoTime();
        DagBag bag = loader.load(folder);
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (!bag.importErrors().isEmpty()) {
            throw new IllegalStateException("generated DAG files failed to load: " + bag.importErrors().get(0));
        }
        int tasks = bag.dags().stream().mapToInt(dag -> dag.tasks().size()).sum();
        return new Result(files, bag.dags().size(), tasks, millis);
    }

    /** Task 0 starts a chain through the first half; each task of the second half fans out from the chain's end. */
    public static String dagFile(int index, int tasks) {
        StringBuilder yaml = new StringBuilder("""
                default:
                  default_args:
                    owner: benchmark
                    retries: 1
                    retry_delay: {__type__: datetime.timedelta, minutes: 5}
                    start_date: 2024-01-01
                  schedule: "0 3 * * *"
                  catchup: false
                """);
        yaml.append("benchmark_dag_").append(index).append(":\n")
                .append("  description: generated DAG ").append(index).append('\n')
                .append("  tags: [benchmark]\n")
                .append("  tasks:\n");
        int chainEnd = Math.max(0, tasks / 2 - 1);
        for (int t = 0; t < tasks; t++) {
            yaml.append("    - task_id: task_").append(t).append('\n')
                    .append("      operator: ").append(BASH_OPERATOR).append('\n')
                    .append("      bash_command: \"echo ").append(index).append(' ').append(t).append("\"\n");
            if (t > 0) {
                yaml.append("      dependencies: [task_").append(t <= chainEnd ? t - 1 : chainEnd).append("]\n");
            }
        }
        return yaml.toString();
    }
}
