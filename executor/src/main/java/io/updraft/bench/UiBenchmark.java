package io.updraft.bench;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;
import io.micronaut.runtime.server.EmbeddedServer;
import io.updraft.app.Updraft;
import io.updraft.json.Json;
import io.updraft.run.RunEngine;
import io.updraft.server.UpdraftServer;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.IntFunction;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Server time of the web UI's calls on a filled store: {@code dags} DAG files (10 tasks each, three in a task group)
 * loaded by the service, and {@code runsPerDag} runs per DAG with all their task instances written straight to the
 * store (1,000 DAGs x 10 runs x 10 tasks = 100,000 task instances). Each page's calls are made over loopback HTTP
 * as the browser makes them, each many times across different DAGs and runs; p50 and p99 per call are printed, and
 * per page the sum of its calls' p50 (the browser makes them in parallel, so this is an upper bound).
 */
public final class UiBenchmark {

    private static final int TASKS = 10;
    private static final String[] STATES = {"success", "success", "success", "failed", "success", "skipped"};

    private final PrintStream out;
    private final int dags;
    private final int runsPerDag;
    private final int samples;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private String token;
    private String base;

    public UiBenchmark(PrintStream out, int dags, int runsPerDag, int samples) {
        this.out = out;
        this.dags = dags;
        this.runsPerDag = runsPerDag;
        this.samples = samples;
    }

    public void run() throws Exception {
        Path scratch = Files.createTempDirectory("updraft-ui-bench");
        Path folder = Files.createDirectories(scratch.resolve("dags"));
        for (int d = 0; d < dags; d++) {
            Files.writeString(folder.resolve(dagId(d) + ".yml"), dagFile(d));
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("updraft.home", scratch.resolve("home").toString());
        properties.put("updraft.dags-folder", folder.toString());
        properties.put("micronaut.server.port", -1);
        properties.put("updraft.auth.all-admins", true);
        properties.put("updraft.watch.enabled", false);
        long started = System.nanoTime();
        try (ApplicationContext context = Micronaut.build(new String[0]).mainClass(UpdraftServer.class)
                .deduceEnvironment(false).banner(false).properties(properties).start()) {
            context.getBean(RunEngine.class);
            out.printf("UI benchmark: %,d DAGs loaded, service up in %.1f s%n", dags,
                    (System.nanoTime() - started) / 1e9);
            Updraft updraft = context.getBean(Updraft.class);
            long filling = System.nanoTime();
            long instances = fill(updraft);
            out.printf("store filled: %,d runs, %,d task instances in %.1f s (%s)%n", (long) dags * runsPerDag,
                    instances, (System.nanoTime() - filling) / 1e9,
                    updraft.database().isPostgres() ? "PostgreSQL" : "H2");
            base = "http://127.0.0.1:" + context.getBean(EmbeddedServer.class).getPort();
            token = (String) Json.readObject(call("/auth/token")).get("access_token");
            measure();
        }
    }

    private void measure() throws Exception {
        IntFunction<String> dag = i -> dagId((i * 37) % dags);
        IntFunction<String> run = i -> enc(runId(i % runsPerDag));
        Map<String, List<Call>> pages = new LinkedHashMap<>();
        pages.put("DAG list", List.of(
                new Call("/ui/dags (page of 50, 14 runs each)", i -> "/ui/dags?limit=50&offset=" + (i % 20) * 50),
                new Call("/ui/dags?state=failed (last-run filter)", i -> "/ui/dags?limit=50&state=failed"),
                new Call("/ui/dags?name=… (search)", i -> "/ui/dags?limit=50&name=" + (i % 100))));
        pages.put("DAG grid", List.of(
                new Call("/api/v2/dags/{id}", i -> "/api/v2/dags/" + dag.apply(i)),
                new Call("/ui/dags/{id}/structure", i -> "/ui/dags/" + dag.apply(i) + "/structure"),
                new Call("/ui/dags/{id}/grid (25 runs)", i -> "/ui/dags/" + dag.apply(i) + "/grid?limit=25")));
        pages.put("DAG graph (live)", List.of(
                new Call("/ui/dags/{id}/runs/{run}/states", i -> "/ui/dags/" + dag.apply(i) + "/runs/" + run.apply(i)
                        + "/states")));
        pages.put("Run details", List.of(
                new Call("/api/v2/dags/{id}/dagRuns/{run}", i -> "/api/v2/dags/" + dag.apply(i) + "/dagRuns/"
                        + run.apply(i))));
        pages.put("Task instance", List.of(
                new Call("/api/v2/…/taskInstances/{task}", i -> "/api/v2/dags/" + dag.apply(i) + "/dagRuns/"
                        + run.apply(i) + "/taskInstances/t0"),
                new Call("/ui/…/logs/{try}?offset=0", i -> "/ui/dags/" + dag.apply(i) + "/runs/" + run.apply(i)
                        + "/tasks/t0/logs/1?offset=0"),
                new Call("/ui/dags/{id}/tasks/{task}/durations", i -> "/ui/dags/" + dag.apply(i)
                        + "/tasks/t0/durations?limit=60")));
        pages.put("Source", List.of(
                new Call("/api/v2/dags/{id}/dagVersions", i -> "/api/v2/dags/" + dag.apply(i)
                        + "/dagVersions?order_by=-version_number&limit=100"),
                new Call("/api/v2/dagSources/{id}", i -> "/api/v2/dagSources/" + dag.apply(i) + "?version_number=1")));
        pages.put("Import errors", List.of(
                new Call("/api/v2/importErrors", i -> "/api/v2/importErrors?limit=100")));

        out.printf("%-44s %9s %9s%n", "call (" + samples + " samples each)", "p50 ms", "p99 ms");
        Map<String, Double> pageTotals = new LinkedHashMap<>();
        for (Map.Entry<String, List<Call>> page : pages.entrySet()) {
            out.println(page.getKey() + ":");
            double total = 0;
            for (Call call : page.getValue()) {
                for (int i = 0; i < 20; i++) {
                    call(call.path().apply(i)); // warm-up: JIT, connection, caches
                }
                List<Double> millis = new ArrayList<>();
                for (int i = 0; i < samples; i++) {
                    String path = call.path().apply(i);
                    long start = System.nanoTime();
                    call(path);
                    millis.add((System.nanoTime() - start) / 1e6);
                }
                double p50 = Percentiles.of(millis, 50);
                out.printf("  %-42s %9.1f %9.1f%n", call.name(), p50, Percentiles.of(millis, 99));
                total += p50;
            }
            pageTotals.put(page.getKey(), total);
        }
        out.println("page server time (sum of its calls' p50, ms):");
        pageTotals.forEach((page, total) -> out.printf("  %-42s %9.1f%n", page, total));
    }

    private record Call(String name, IntFunction<String> path) {
    }

    private String call(String path) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = http.send(request.GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** Runs and task instances straight into the store, in batches, as the engine would have left them. */
    private long fill(Updraft updraft) {
        Instant origin = Instant.parse("2024-01-01T00:00:00Z");
        long count = 0;
        for (int d = 0; d < dags; d++) {
            String dagId = dagId(d);
            int dagIndex = d;
            count += updraft.database().jdbi().inTransaction(handle -> {
                PreparedBatch runs = handle.prepareBatch("""
                        INSERT INTO dag_run (dag_id, run_id, logical_date, data_interval_start, data_interval_end,
                            run_after, run_type, state, queued_at, start_date, end_date, conf, triggered_by)
                        VALUES (:d, :r, :t, :t, :t, :t, 'scheduled', :s, :t, :t, :e, '{}', 'timetable')""");
                PreparedBatch tis = handle.prepareBatch("""
                        INSERT INTO task_instance (id, dag_id, run_id, task_id, map_index, state, try_number,
                            max_tries, start_date, end_date, pool, pool_slots, queue, priority_weight, operator)
                        VALUES (:id, :d, :r, :task, -1, :s, 1, 0, :t, :e, 'default_pool', 1, 'default', 1,
                            'BashOperator')""");
                int rows = 0;
                for (int r = 0; r < runsPerDag; r++) {
                    java.time.OffsetDateTime at = origin.plus(Duration.ofDays(r)).atOffset(ZoneOffset.UTC);
                    String state = STATES[(dagIndex + r) % STATES.length].equals("failed") ? "failed" : "success";
                    runs.bind("d", dagId).bind("r", runId(r)).bind("t", at).bind("e", at.plusSeconds(40))
                            .bind("s", state).add();
                    for (int t = 0; t < TASKS; t++) {
                        String taskState = state.equals("failed") && t == TASKS - 1 ? "failed"
                                : STATES[(dagIndex + r + t) % STATES.length].equals("skipped") ? "skipped" : "success";
                        tis.bind("id", UUID.randomUUID().toString()).bind("d", dagId).bind("r", runId(r))
                                .bind("task", taskId(t)).bind("s", taskState).bind("t", at.plusSeconds(t * 4L))
                                .bind("e", at.plusSeconds(t * 4L + 3)).add();
                        rows++;
                    }
                }
                runs.execute();
                tis.execute();
                return rows;
            });
        }
        return count;
    }

    static String dagId(int index) {
        return String.format("ui_bench_%04d", index);
    }

    static String runId(int index) {
        return String.format("scheduled__2024-01-%02dT00:00:00+00:00_%d", 1 + index % 28, index);
    }

    static String taskId(int index) {
        return index >= 3 && index < 6 ? "grp.t" + index : "t" + index;
    }

    /** Ten tasks: t0..t2 in a row, a group grp of t3..t5, then t6..t9 after the group. */
    static String dagFile(int index) {
        StringBuilder yaml = new StringBuilder();
        yaml.append(dagId(index)).append(":\n")
                .append("  schedule: \"").append(index % 60).append(" ").append(index % 24).append(" * * *\"\n")
                .append("  default_args: {owner: team").append(index % 7).append(", start_date: 2024-01-01}\n")
                .append("  tags: [bench, group").append(index % 10).append("]\n")
                .append("  task_groups:\n    - group_name: grp\n      dependencies: [t2]\n")
                .append("  tasks:\n");
        for (int t = 0; t < TASKS; t++) {
            String id = "t" + t;
            yaml.append("    - task_id: ").append(id).append("\n")
                    .append("      operator: airflow.providers.standard.operators.bash.BashOperator\n")
                    .append("      bash_command: \"echo ").append(id).append("\"\n");
            if (t >= 3 && t < 6) {
                yaml.append("      task_group_name: grp\n");
            } else if (t == 6) {
                yaml.append("      dependencies: [grp]\n");
            } else if (t > 0) {
                yaml.append("      dependencies: [t").append(t - 1).append("]\n");
            }
        }
        return yaml.toString();
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
