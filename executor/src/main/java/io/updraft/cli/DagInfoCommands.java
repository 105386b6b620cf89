package io.updraft.cli;

import io.updraft.app.Updraft;
import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import io.updraft.dag.TaskGroup;
import io.updraft.json.Json;
import io.updraft.rest.v2.DagResponse;
import io.updraft.run.DagRun;
import io.updraft.run.RunEngine;
import io.updraft.dag.DagRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Airflow's {@code dags delete|show|details}. */
final class DagInfoCommands {

    private DagInfoCommands() {
    }

    @Command(name = "delete", description = "Delete all records of a DAG: its runs with their task instances, "
            + "XComs and tries, and the DAG itself (which comes back while its file is in the DAGs folder).")
    static final class Delete implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;
        @Option(names = {"-y", "--yes"}, description = "Do not prompt to confirm. Use with care!") boolean yes;

        @Override
        public Integer call() throws IOException, InterruptedException, ExecutionException {
            if (!yes) {
                System.out.print("This will drop all existing records related to the specified DAG. Proceed? (y/n)");
                System.out.flush();
                String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                        .readLine();
                if (answer == null || !answer.strip().equalsIgnoreCase("y")) {
                    System.out.println("Cancelled");
                    return 0;
                }
            }
            try (Updraft updraft = CliSupport.open()) {
                if (updraft.dags().find(dagId).isEmpty()) {
                    System.err.println("Dag id " + dagId + " not found");
                    return 1;
                }
                List<DagRun> runs = updraft.runs().findRuns(dagId, Set.of(), Integer.MAX_VALUE, 0);
                int removed = 0;
                RunEngine engine = null;
                for (DagRun run : runs) {
                    if (run.state().isFinished()) {
                        removed += updraft.runs().deleteRun(dagId, run.runId()) ? 1 : 0;
                    } else {
                        // an unfinished run is deleted by the engine that drives it, which kills its tries first
                        engine = engine != null ? engine
                                : updraft.startEngine(false, io.updraft.run.EngineSettings.DEFAULT_PARALLELISM);
                        removed += engine.deleteRun(dagId, run.runId()).get() ? 1 : 0;
                    }
                }
                removed += updraft.dags().delete(dagId) ? 1 : 0;
                System.out.println("Removed " + removed + " record(s)");
                return 0;
            }
        }
    }

    @Command(name = "details", description = "The DAG as stored (the fields of GET /api/v2/dags/{dag_id}).")
    static final class Details implements Callable<Integer> {
        @Mixin OutputOption output;
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;

        @Override
        @SuppressWarnings("unchecked")
        public Integer call() {
            try (Updraft updraft = CliSupport.open()) {
                CliSupport.loadDag(updraft, spec, dagId);
                DagRecord record = updraft.dags().find(dagId).orElseThrow();
                Map<String, Object> details = Json.MAPPER.convertValue(
                        DagResponse.of(record, updraft.config().dagsFolder()), LinkedHashMap.class);
                if (output.format == Output.Format.json || output.format == Output.Format.yaml) {
                    Output.print(System.out, output.format, List.copyOf(details.keySet()), List.of(details));
                } else {
                    List<Map<String, Object>> rows = new ArrayList<>();
                    details.forEach((name, value) -> {
                        Map<String, Object> row = new LinkedHashMap<>();
                        row.put("property_name", name);
                        row.put("property_value", value);
                        rows.add(row);
                    });
                    Output.print(System.out, output.format, List.of("property_name", "property_value"), rows);
                }
                return 0;
            }
        }
    }

    @Command(name = "show", description = "Print the DAG's graph in Graphviz's DOT language, or save it with "
            + "--save: a .dot file as it is, any other extension (png, svg, pdf...) through Graphviz's `dot`.")
    static final class Show implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Parameters(index = "0", paramLabel = "DAG_ID") String dagId;
        @Option(names = {"-s", "--save"}, paramLabel = "SAVE", description = "Saves the result to the indicated "
                + "file.") Path save;

        @Override
        public Integer call() throws IOException, InterruptedException {
            String dot;
            try (Updraft updraft = CliSupport.open()) {
                dot = dot(CliSupport.loadDag(updraft, spec, dagId));
            }
            if (save == null) {
                System.out.print(dot);
                return 0;
            }
            String format = SecretFiles.extension(save);
            if (format.equals("dot") || format.equals("gv")) {
                Files.writeString(save, dot);
            } else {
                render(dot, format);
            }
            System.out.println("File " + save + " saved");
            return 0;
        }

        private void render(String dot, String format) throws IOException, InterruptedException {
            Process process;
            try {
                process = new ProcessBuilder("dot", "-T" + format, "-o", save.toString())
                        .redirectErrorStream(true).start();
            } catch (IOException noGraphviz) {
                throw new ParameterException(spec.commandLine(), "Saving as ." + format + " needs Graphviz's `dot` "
                        + "on the PATH (apt-get install graphviz); a .dot file needs nothing");
            }
            process.getOutputStream().write(dot.getBytes(StandardCharsets.UTF_8));
            process.getOutputStream().close();
            String messages = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new ParameterException(spec.commandLine(), "Graphviz could not write " + save + ": "
                        + messages.strip());
            }
        }
    }

    /** The graph as Airflow's {@code render_dag} draws it: left to right, a cluster per task group. */
    static String dot(Dag dag) {
        StringBuilder out = new StringBuilder("digraph " + quote(dag.dagId()) + " {\n");
        out.append("\tgraph [label=").append(quote(dag.dagId())).append(" labelloc=t rankdir=LR]\n");
        drawGroup(dag, null, out, "\t");
        for (Task task : dag.tasks().values()) {
            for (String upstream : task.upstream()) {
                out.append('\t').append(quote(upstream)).append(" -> ").append(quote(task.taskId())).append('\n');
            }
        }
        return out.append("}\n").toString();
    }

    private static void drawGroup(Dag dag, String groupId, StringBuilder out, String indent) {
        for (TaskGroup group : dag.taskGroups().values()) {
            if (java.util.Objects.equals(group.parentGroupId(), groupId)) {
                out.append(indent).append("subgraph ").append(quote("cluster_" + group.groupId())).append(" {\n");
                out.append(indent).append("\tcolor=\"#000000\" fillcolor=\"#6495ed7f\" label=")
                        .append(quote(group.groupId())).append(" shape=rectangle style=filled\n");
                drawGroup(dag, group.groupId(), out, indent + "\t");
                out.append(indent).append("}\n");
            }
        }
        for (Task task : dag.tasks().values()) {
            if (java.util.Objects.equals(task.groupId(), groupId)) {
                out.append(indent).append(quote(task.taskId())).append(" [color=\"#000000\" fillcolor=\"#f0ede4\" "
                        + "label=").append(quote(task.taskId())).append(" shape=rectangle style=\"filled,rounded\"]\n");
            }
        }
    }

    /** A DOT identifier: bare when it is one, else double-quoted. */
    private static String quote(String id) {
        return id.matches("[A-Za-z_][A-Za-z0-9_]*") ? id : "\"" + id.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
