package io.updraft.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code updraft} as a user does: a separate JVM on the project's classpath, with UPDRAFT_HOME and
 * UPDRAFT_DAGS_FOLDER in its environment.
 */
public final class CliProcess {

    public record Result(int exitCode, String stdout, String stderr) {
    }

    /** Long-running verbs: they keep the JVM's default compilers and collector, as the launcher gives them. */
    private static final java.util.Set<String> SERVICES = java.util.Set.of("standalone", "scheduler", "worker");

    private final Path home;
    private final Path dagsFolder;

    CliProcess(Path home, Path dagsFolder) {
        this.home = home;
        this.dagsFolder = dagsFolder;
    }

    /**
     * {@code updraft} on {@code root/home} and a DAGs folder {@code root/dags} holding these files of the fixture
     * folder {@code src/test/resources/io/updraft/cli/dags}, copied now.
     */
    public static CliProcess withDags(Path root, String... fixtures) throws IOException {
        Path dags = Files.createDirectories(root.resolve("dags"));
        for (String fixture : fixtures) {
            try (InputStream yaml = CliProcess.class.getResourceAsStream("dags/" + fixture)) {
                if (yaml == null) {
                    throw new IllegalArgumentException("No DAG fixture io/updraft/cli/dags/" + fixture);
                }
                Files.copy(yaml, dags.resolve(fixture));
            }
        }
        return new CliProcess(root.resolve("home"), dags);
    }

    public Path dagsFolder() {
        return dagsFolder;
    }

    public Result run(String... args) throws IOException, InterruptedException {
        return run(Map.of(), args);
    }

    public Result run(Map<String, String> environment, String... args) throws IOException, InterruptedException {
        Process process = start(environment, args);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("updraft " + String.join(" ", args) + " did not finish in 120 s");
        }
        return new Result(process.exitValue(), Files.readString(out(process)), Files.readString(err(process)));
    }

    /** Starts the command without waiting; its output goes to files next to UPDRAFT_HOME. */
    Process start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    /** @param environment more variables (UPDRAFT_PORT, UPDRAFT_DB_URL, ...) */
    Process start(Map<String, String> environment, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        if (args.length == 0 || !SERVICES.contains(args[0])) {
            // what the launcher gives short-lived verbs: C1 only and the serial collector (half the CPU of a call
            // that lives a few seconds; the CLI tests start hundreds of them)
            command.addAll(List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), UpdraftCli.class.getName()));
        command.addAll(List.of(args));
        Path logs = Files.createDirectories(home.resolveSibling(home.getFileName() + "-cli"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(logs.resolve("stdout-" + System.nanoTime()).toFile());
        builder.redirectError(logs.resolve("stderr-" + System.nanoTime()).toFile());
        Map<String, String> env = builder.environment();
        env.put("UPDRAFT_HOME", home.toString());
        env.put("UPDRAFT_DAGS_FOLDER", dagsFolder.toString());
        env.remove("UPDRAFT_DB_URL");
        env.putAll(environment);
        Process process = builder.start();
        OUTPUTS.put(process, new Path[] {builder.redirectOutput().file().toPath(),
                builder.redirectError().file().toPath()});
        return process;
    }

    /** Puts the DAGs of the tests that stop or kill a process mid-run into {@code dags}. */
    static void copyDags(Path dags) throws IOException {
        try (var yaml = CliProcess.class.getResourceAsStream("interrupted_tasks.yml")) {
            Files.copy(yaml, dags.resolve("interrupted_tasks.yml"));
        }
    }

    private static final Map<Process, Path[]> OUTPUTS = new java.util.concurrent.ConcurrentHashMap<>();

    static Path out(Process process) {
        return OUTPUTS.get(process)[0];
    }

    static Path err(Process process) {
        return OUTPUTS.get(process)[1];
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }
}
