package io.updraft.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.updraft.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs Python callables in a {@code python3} subprocess through the runner script shipped as a resource, which
 * it installs under {@code UPDRAFT_HOME/python} on first use with the {@code airflow} shim package. Thread-safe.
 */
public final class PythonRunner {

    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String RESOURCES = "/io/updraft/operator/";
    private static final String RUNNER = "updraft_python_runner.py";
    private static final List<String> SHIM_FILES = List.of("airflow/__init__.py", "airflow/exceptions.py");

    private final String pythonCommand;
    private final Path folder;
    private volatile boolean installed;

    public PythonRunner(String pythonCommand, Path home) {
        this.pythonCommand = pythonCommand;
        this.folder = home.resolve("python");
    }

    /**
     * Runs one call; the callable's output goes to the log. Returns when the process has ended (also when it was
     * killed through the guard).
     */
    PythonResult run(PythonCall call, Map<String, String> environment, TaskLog log, ProcessGuard guard)
            throws Exception {
        install();
        Path tmp = Files.createDirectories(folder.resolve("tmp"));
        String id = UUID.randomUUID().toString();
        Path input = tmp.resolve(id + "-in.json");
        Path output = tmp.resolve(id + "-out.json");
        try {
            JSON.writeValue(input.toFile(), inputOf(call));
            List<String> command = Arrays.asList(pythonCommand, "-u", folder.resolve(RUNNER).toString(),
                    input.toString(), output.toString());
            Subprocess process = guard.start(() -> Subprocess.start(command, environment, null, log, "python"));
            int exitCode = process.waitFor();
            if (!Files.exists(output)) {
                return new PythonResult("error", null, false, Map.of(), null,
                        "the Python process ended with exit code " + exitCode + " without a result");
            }
            return resultOf(JSON.readValue(output.toFile(), Map.class));
        } finally {
            Files.deleteIfExists(input);
            Files.deleteIfExists(output);
        }
    }

    private Map<String, Object> inputOf(PythonCall call) {
        Map<String, Object> callable = new LinkedHashMap<>();
        callable.put("file", call.callable().file());
        callable.put("name", call.callable().name());
        callable.put("dotted", call.callable().dottedPath());
        Map<String, Object> input = new LinkedHashMap<>();
        input.put("mode", call.callback() ? "callback" : "task");
        input.put("callable", callable);
        input.put("op_args", call.opArgs());
        input.put("op_kwargs", call.opKwargs());
        input.put("templates_dict", call.templatesDict());
        input.put("context", call.context());
        input.put("extra_context", call.extraContext());
        input.put("xcoms", call.xcoms());
        input.put("callback_kwargs", call.callbackKwargs());
        input.put("python_path", call.pythonPath());
        input.put("shim_path", folder.resolve("airflow_shim").toString());
        return input;
    }

    @SuppressWarnings("unchecked")
    private static PythonResult resultOf(Map<String, Object> output) {
        Object pushes = output.get("xcom_pushes");
        return new PythonResult((String) output.get("status"), output.get("return_value"),
                Boolean.TRUE.equals(output.get("truthy")), pushes == null ? Map.of() : (Map<String, Object>) pushes,
                (String) output.get("error_type"), (String) output.get("message"));
    }

    private void install() throws IOException {
        if (installed) {
            return;
        }
        synchronized (this) {
            if (!installed) {
                copy(RUNNER, folder.resolve(RUNNER));
                for (String file : SHIM_FILES) {
                    copy("airflow_shim/" + file, folder.resolve("airflow_shim").resolve(file));
                }
                installed = true;
            }
        }
    }

    /** Writes through a temp file and a move, so a runner started by another process never sees half a file. */
    private static void copy(String resource, Path target) throws IOException {
        byte[] content;
        try (InputStream in = PythonRunner.class.getResourceAsStream(RESOURCES + resource)) {
            if (in == null) {
                throw new IOException("resource " + RESOURCES + resource + " is missing from the classpath");
            }
            content = in.readAllBytes();
        }
        if (Files.exists(target) && Arrays.equals(Files.readAllBytes(target), content)) {
            return;
        }
        Files.createDirectories(target.getParent());
        Path temp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        Files.write(temp, content);
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
