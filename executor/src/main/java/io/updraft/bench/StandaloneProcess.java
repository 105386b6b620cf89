package io.updraft.bench;

import io.updraft.json.Json;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** `updraft standalone` started as its own process on a free loopback port, for the service benchmarks. */
final class StandaloneProcess implements AutoCloseable {

    static final String PASSWORD = "benchmark-admin";

    final Process process;
    final String base;
    final boolean sharedArchive;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private StandaloneProcess(Process process, String base, boolean sharedArchive) {
        this.process = process;
        this.base = base;
        this.sharedArchive = sharedArchive;
    }

    /** Starts the service on the embedded store under {@code home}; returns at once (see {@link #awaitHealthy}). */
    static StandaloneProcess start(Path home, Path dags, Path log) throws IOException {
        return start(home, dags, log, Map.of());
    }

    /** @param environment more settings (UPDRAFT_DB_URL for a shared store, UPDRAFT_LOCAL_QUEUES, ...) */
    static StandaloneProcess start(Path home, Path dags, Path log, Map<String, String> environment)
            throws IOException {
        int port = freePort();
        List<String> jvmOptions = new ArrayList<>();
        // the launcher's class-data sharing archive, when `./updraft standalone` has recorded one
        Path archive = Path.of(System.getProperty("java.class.path")).toAbsolutePath().resolveSibling(
                "updraft-cds.jsa");
        boolean shared = Files.isRegularFile(archive);
        if (shared) {
            jvmOptions.addAll(List.of("-XX:SharedArchiveFile=" + archive, "-Xlog:disable"));
        }
        String javaOptions = System.getenv("UPDRAFT_BENCH_SERVICE_JAVA_OPTS");
        if (javaOptions != null && !javaOptions.isBlank()) {
            jvmOptions.addAll(List.of(javaOptions.trim().split("\\s+")));
        }
        List<String> command = UpdraftJvm.command(jvmOptions, "standalone");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("UPDRAFT_HOME", home.toString(), "UPDRAFT_DAGS_FOLDER", dags.toString(),
                "UPDRAFT_PORT", Integer.toString(port), "UPDRAFT_ADMIN_PASSWORD", PASSWORD));
        builder.environment().remove("UPDRAFT_DB_URL");
        builder.environment().putAll(environment);
        return new StandaloneProcess(builder.start(), "http://127.0.0.1:" + port, shared);
    }

    /**
     * Starts the service as a user does, through the {@code updraft} launcher (its default JVM options included;
     * the launcher execs java, so the process is the JVM itself).
     */
    static StandaloneProcess startWithLauncher(Path launcher, Path home, Path dags, Path log) throws IOException {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(launcher.toString(), "standalone").redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(Map.of("UPDRAFT_HOME", home.toString(), "UPDRAFT_DAGS_FOLDER", dags.toString(),
                "UPDRAFT_PORT", Integer.toString(port), "UPDRAFT_ADMIN_PASSWORD", PASSWORD));
        builder.environment().remove("UPDRAFT_DB_URL");
        return new StandaloneProcess(builder.start(), "http://127.0.0.1:" + port, false);
    }

    void awaitHealthy() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("updraft standalone exited with " + process.exitValue());
            }
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/monitor/health")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // the port is not open yet
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("updraft standalone was not healthy within 120 s");
    }

    String token() throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"username\": \"admin\", \"password\": \"" + PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        return (String) Json.readObject(response.body()).get("access_token");
    }

    long rssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    /** CPU time (user + system) the service has used so far, from /proc; clock ticks are 100 per second on Linux. */
    double cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(process.pid()), "stat"));
        // the fields after the command name, which is in parentheses and may hold spaces
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10.0;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        process.waitFor();
    }

    /** The machine's load average (1, 5, 15 min): on a shared machine every figure moves with it. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
