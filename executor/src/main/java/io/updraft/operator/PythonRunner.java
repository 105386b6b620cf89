package io.updraft.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.updraft.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Python callables through the runner script shipped as a resource, which it installs under
 * {@code UPDRAFT_HOME/python} on first use with the {@code airflow} shim package: each call in a fork of the warm
 * interpreter ({@link PythonForkServer}), or in a fresh interpreter where fork servers are off or cannot run.
 * Thread-safe.
 */
public final class PythonRunner {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String RESOURCES = "/io/updraft/operator/";
    private static final Logger LOG = LoggerFactory.getLogger(PythonRunner.class);
    private static final String RUNNER = "updraft_python_runner.py";
    private static final String FORK_SERVER = "updraft_fork_server.py";

    private final PythonSettings settings;
    private final Map<String, String> environment;
    private final Path folder;
    private final VirtualenvCache virtualenvs;
    private volatile boolean installed;
    /** Interpreters whose fork server cannot run (no fork or pidfd there): their tasks start their own process. */
    private final Set<String> forkServerUnavailable = ConcurrentHashMap.newKeySet();

    /**
     * @param environment the environment of the fork server (each task sends its own on top)
     */
    public PythonRunner(PythonSettings settings, Path home, Map<String, String> environment) {
        this.settings = settings;
        this.environment = Map.copyOf(environment);
        this.folder = home.resolve("python");
        this.virtualenvs = new VirtualenvCache(folder.resolve("venvs"), settings.python());
    }

    PythonSettings settings() {
        return settings;
    }

    /** PythonVirtualenvOperator's environments. */
    VirtualenvCache virtualenvs() {
        return virtualenvs;
    }

    /**
     * Runs one call; the callable's output goes to the log. Returns when the process has ended (also when it was
     * killed through the guard).
     */
    PythonResult run(PythonCall call, Map<String, String> taskEnvironment, TaskLog log, ProcessGuard guard)
            throws Exception {
        return run(null, call, taskEnvironment, log, guard);
    }

    /**
     * Runs one call in another interpreter (a virtualenv's, an external one): only the callable's own source runs
     * there, as with Airflow's PythonVirtualenvOperator.
     *
     * @param python the interpreter, or null for the configured one (and the whole callable module)
     */
    PythonResult run(String python, PythonCall call, Map<String, String> taskEnvironment, TaskLog log,
            ProcessGuard guard) throws Exception {
        install();
        Path tmp = Files.createDirectories(folder.resolve("tmp"));
        String id = UUID.randomUUID().toString();
        Path input = tmp.resolve(id + "-in.json");
        Path output = tmp.resolve(id + "-out.json");
        try {
            // the input holds the store's connections: readable by this user only
            createPrivately(input);
            Map<String, Object> spec = inputOf(call);
            spec.put("isolated", python != null);
            JSON.writeValue(input.toFile(), spec);
            int exitCode = execute(python == null ? settings.python() : python, input, output, taskEnvironment, log,
                    guard);
            if (!Files.exists(output)) {
                return new PythonResult("error", null, false, Map.of(), null,
                        "the Python process ended with exit code " + exitCode + " without a result", Map.of(), false,
                        null, null, false);
            }
            return resultOf(JSON.readValue(output.toFile(), Map.class));
        } finally {
            Files.deleteIfExists(input);
            Files.deleteIfExists(output);
        }
    }

    private static void createPrivately(Path file) throws IOException {
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
    }

    /** A fork of the warm interpreter, or a fresh interpreter when there is none. Returns the exit code. */
    private int execute(String python, Path input, Path output, Map<String, String> taskEnvironment, TaskLog log,
            ProcessGuard guard) throws Exception {
        if (settings.forkServer() && !forkServerUnavailable.contains(python)) {
            PythonForkServer server = PythonForkServer.shared(python, folder.resolve(FORK_SERVER),
                    environment, sysPathFront(List.of()), sysPathEnd(), settings.preload());
            try {
                return guard.start(() -> server.start(input, output, taskEnvironment, log)).waitFor();
            } catch (PythonForkServer.ForkServerUnavailableException e) {
                forkServerUnavailable.add(python);
                LOG.warn("Python tasks of {} start their own interpreter: the fork server cannot run there ({})",
                        python, e.getMessage());
            }
        }
        List<String> command = List.of(python, "-u", folder.resolve(RUNNER).toString(),
                input.toString(), output.toString());
        return guard.start(() -> Subprocess.start(command, taskEnvironment, null, log, "python")).waitFor();
    }

    private Map<String, Object> inputOf(PythonCall call) {
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("mode", call.operator() != null ? "operator" : call.kind().name().toLowerCase(Locale.ROOT));
        input.put("operator", call.operator());
        input.put("airflow", call.store());
        input.put("callable", call.callable() == null ? null : PythonCall.callableSpec(call.callable()));
        input.put("op_args", call.opArgs());
        input.put("op_kwargs", call.opKwargs());
        input.put("templates_dict", call.templatesDict());
        input.put("context", call.context());
        input.put("extra_context", call.extraContext());
        input.put("xcoms", call.xcoms());
        input.put("callback_kwargs", call.callbackKwargs());
        input.put("python_path", sysPathFront(call.pythonPath()));
        input.put("python_path_end", sysPathEnd());
        input.put("shim_path", folder.resolve("airflow_shim").toString());
        return input;
    }

    /** As Airflow: the DAGs folder first (then, for Updraft's callables, the DAG file's folder). */
    private List<String> sysPathFront(List<String> more) {
        List<String> front = new ArrayList<>();
        if (settings.dagsFolder() != null) {
            front.add(settings.dagsFolder().toString());
        }
        front.addAll(more);
        return front;
    }

    /** As Airflow: the plugins folder last. */
    private List<String> sysPathEnd() {
        return List.of(settings.pluginsFolder().toString());
    }

    @SuppressWarnings("unchecked")
    private static PythonResult resultOf(Map<String, Object> output) {
        Object pushes = output.get("xcom_pushes");
        Object added = output.get("context_additions");
        return new PythonResult((String) output.get("status"), output.get("return_value"),
                Boolean.TRUE.equals(output.get("truthy")), pushes == null ? Map.of() : (Map<String, Object>) pushes,
                (String) output.get("error_type"), (String) output.get("message"),
                added == null ? Map.of() : (Map<String, Object>) added,
                Boolean.TRUE.equals(output.get("poke_return_value")),
                (Map<String, Object>) output.get("rendered_fields"), (List<String>) output.get("followed"),
                Boolean.TRUE.equals(output.get("skip_all_downstream")));
    }

    private void install() throws IOException {
        if (installed) {
            return;
        }
        synchronized (this) {
            if (!installed) {
                copy(RUNNER, folder.resolve(RUNNER));
                copy(FORK_SERVER, folder.resolve(FORK_SERVER));
                for (String file : resource("airflow_shim/files.txt").lines().toList()) {
                    copy("airflow_shim/" + file, folder.resolve("airflow_shim").resolve(file));
                }
                installed = true;
            }
        }
    }

    private static String resource(String name) throws IOException {
        return new String(bytes(name), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String resource) throws IOException {
        try (InputStream in = PythonRunner.class.getResourceAsStream(RESOURCES + resource)) {
            if (in == null) {
                throw new IOException("resource " + RESOURCES + resource + " is missing from the classpath");
            }
            return in.readAllBytes();
        }
    }

    /** Writes through a temp file and a move, so a runner started by another process never sees half a file. */
    private static void copy(String resource, Path target) throws IOException {
        byte[] content = bytes(resource);
        if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), content)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        Files.write(temp, content);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
