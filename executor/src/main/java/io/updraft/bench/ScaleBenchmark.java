package io.updraft.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * The service at scale, measured from outside: a {@link ScaleStore} (1,000 DAG files x 10 runs x 10 tasks =
 * 100,000 task instances by default) filled once, then `updraft standalone` as its own process on the embedded
 * store. Prints the start to healthy with an empty folder, with the DAG files on an empty store (first start) and
 * again with the files unchanged (second start); then, on the filled store, the REST list endpoints a client reads
 * and the web UI's calls grouped by page (p50/p99 per call; per page the sum over its calls, an upper bound since the
 * browser makes them in parallel).
 */
public final class ScaleBenchmark {

    private final PrintStream out;
    private final int dags;
    private final int runsPerDag;
    private final int samples;

    public ScaleBenchmark(PrintStream out, int dags, int runsPerDag, int samples) {
        this.out = out;
        this.dags = dags;
        this.runsPerDag = runsPerDag;
        this.samples = samples;
    }

    public void run() throws Exception {
        Path scratch = Files.createTempDirectory("updraft-scale-bench");
        ScaleStore store = new ScaleStore(scratch, dags, runsPerDag);
        store.writeDagFiles();
        out.printf("%nService at scale (updraft standalone, embedded H2, loopback; load average %s)%n",
                StandaloneProcess.loadAverage());
        Path empty = Files.createDirectories(scratch.resolve("empty-dags"));
        out.printf("  start to healthy, empty DAGs folder:                    %6.0f ms%n",
                startMillis(scratch.resolve("empty-home"), empty, scratch));
        out.printf("  start to healthy, %,d DAG files, first start:        %6.0f ms%n", dags,
                startMillis(store.home, store.dagsFolder, scratch));
        out.printf("  start to healthy, %,d DAG files unchanged, second start: %6.0f ms%n", dags,
                startMillis(store.home, store.dagsFolder, scratch));
        long fillStart = System.nanoTime();
        long taskInstances = store.fillRuns();
        out.printf("  store filled: %,d runs, %,d task instances in %.1f s%n", (long) dags * runsPerDag,
                taskInstances, (System.nanoTime() - fillStart) / 1e9);
        long started = System.nanoTime();
        try (StandaloneProcess service = StandaloneProcess.start(store.home, store.dagsFolder,
                scratch.resolve("standalone.log"))) {
            service.awaitHealthy();
            out.printf("  start to healthy, filled store:                         %6.0f ms (%s)%n",
                    (System.nanoTime() - started) / 1e6, service.sharedArchive
                            ? "with the launcher's class-data sharing archive" : "no class-data sharing archive yet: "
                            + "run `./updraft standalone` once to record it");
            HttpTimer timer = new HttpTimer(service, service.token(), samples);
            restLists(timer);
            uiPages(timer);
            out.printf("(load average after: %s)%n", StandaloneProcess.loadAverage());
        }
    }

    private double startMillis(Path home, Path dagsFolder, Path scratch) throws Exception {
        long started = System.nanoTime();
        try (StandaloneProcess service = StandaloneProcess.start(home, dagsFolder, scratch.resolve("start.log"))) {
            service.awaitHealthy();
            return (System.nanoTime() - started) / 1e6;
        }
    }

    private void restLists(HttpTimer timer) throws Exception {
        out.printf("%nREST list endpoints (%d requests each after warm-up)%n", timer.samples());
        out.printf("  %-62s %8s %8s %8s%n", "endpoint", "p50 ms", "p99 ms", "KB");
        Random random = new Random(1);
        IntFunction<String> dag = i -> ScaleStore.dagId(random.nextInt(dags));
        String lastRun = ScaleStore.runPath(runsPerDag - 1);
        Map<String, IntFunction<String>> gets = new LinkedHashMap<>();
        gets.put("GET /dags (first page of 50)", i -> "/api/v2/dags");
        gets.put("GET /dags?offset=500&order_by=-last_parsed_time",
                i -> "/api/v2/dags?offset=500&order_by=-last_parsed_time");
        gets.put("GET /dags?tags=group1&dag_id_pattern=dag_01%",
                i -> "/api/v2/dags?tags=group1&dag_id_pattern=dag_01%25");
        gets.put("GET /dags/{id}/details", i -> "/api/v2/dags/" + dag.apply(i) + "/details");
        gets.put("GET /dags/{id}/dagRuns?order_by=-run_after", i -> "/api/v2/dags/" + dag.apply(i)
                + "/dagRuns?order_by=-run_after");
        gets.put("GET /dags/~/dagRuns?order_by=-run_after (all runs)",
                i -> "/api/v2/dags/~/dagRuns?order_by=-run_after");
        gets.put("GET /dags/{id}/dagRuns/{run}/taskInstances", i -> "/api/v2/dags/" + dag.apply(i) + "/dagRuns/"
                + lastRun + "/taskInstances");
        gets.put("GET /dags/{id}/dagRuns/~/taskInstances?limit=100", i -> "/api/v2/dags/" + dag.apply(i)
                + "/dagRuns/~/taskInstances?limit=100");
        gets.put("GET /dags/~/dagRuns/~/taskInstances (all task instances)",
                i -> "/api/v2/dags/~/dagRuns/~/taskInstances");
        gets.put("GET /dags/~/dagRuns/~/taskInstances?state=failed",
                i -> "/api/v2/dags/~/dagRuns/~/taskInstances?state=failed");
        gets.put("GET /dags/~/dagRuns/~/taskInstances?order_by=-start_date",
                i -> "/api/v2/dags/~/dagRuns/~/taskInstances?order_by=-start_date");
        gets.put("GET /dags/{id}/dagRuns/{run}/taskInstances/{task}", i -> "/api/v2/dags/" + dag.apply(i)
                + "/dagRuns/" + ScaleStore.runPath(random.nextInt(runsPerDag)) + "/taskInstances/t"
                + random.nextInt(3));
        gets.put("GET /importErrors", i -> "/api/v2/importErrors");
        gets.put("GET /api/v1/dags/~/dagRuns/~/taskInstances", i -> "/api/v1/dags/~/dagRuns/~/taskInstances");
        for (Map.Entry<String, IntFunction<String>> get : gets.entrySet()) {
            print(get.getKey(), timer.get(get.getValue()));
        }
        print("POST /dags/~/dagRuns/list (runs of the 50 DAGs of a page)",
                timer.post(i -> "/api/v2/dags/~/dagRuns/list", i -> pageRunsBody(random.nextInt(dags / 50))));
    }

    private void print(String label, HttpTimer.Timing timing) {
        out.printf("  %-62s %8.1f %8.1f %8.1f%n", label, timing.p50(), timing.p99(), timing.kilobytes());
    }

    private String pageRunsBody(int page) {
        StringBuilder ids = new StringBuilder();
        for (int i = page * 50; i < page * 50 + 50 && i < dags; i++) {
            ids.append(ids.isEmpty() ? "" : ", ").append('"').append(ScaleStore.dagId(i)).append('"');
        }
        return "{\"dag_ids\": [" + ids + "], \"order_by\": \"-run_after\", \"page_limit\": 100}";
    }

    private record Call(String name, IntFunction<String> path) {
    }

    /** The calls each UI page makes when it opens, as the browser makes them. */
    private void uiPages(HttpTimer timer) throws Exception {
        IntFunction<String> dag = i -> ScaleStore.dagId((i * 37) % dags);
        IntFunction<String> run = i -> ScaleStore.runPath(i % runsPerDag);
        Map<String, List<Call>> pages = new LinkedHashMap<>();
        pages.put("DAG list", List.of(
                new Call("/ui/dags (page of 50, recent runs each)", i -> "/ui/dags?limit=50&offset="
                        + (i % Math.max(1, dags / 50)) * 50),
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

        out.printf("%nWeb UI calls by page (%d requests each after warm-up)%n", timer.samples());
        out.printf("  %-44s %9s %9s%n", "call", "p50 ms", "p99 ms");
        Map<String, double[]> pageTotals = new LinkedHashMap<>();
        for (Map.Entry<String, List<Call>> page : pages.entrySet()) {
            out.println("  " + page.getKey() + ":");
            double[] total = new double[2];
            for (Call call : page.getValue()) {
                HttpTimer.Timing timing = timer.get(call.path());
                out.printf("    %-42s %9.1f %9.1f%n", call.name(), timing.p50(), timing.p99());
                total[0] += timing.p50();
                total[1] += timing.p99();
            }
            pageTotals.put(page.getKey(), total);
        }
        out.printf("  page server time (sum of its calls)          %9s %9s%n", "p50 ms", "p99 ms");
        pageTotals.forEach((page, total) -> out.printf("    %-42s %9.1f %9.1f%n", page, total[0], total[1]));
    }
}
