package io.updraft.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.app.Updraft;
import io.updraft.config.UpdraftConfig;
import io.updraft.dag.Dag;
import io.updraft.run.DagRun;
import io.updraft.run.RunEngine;
import io.updraft.run.TaskInstance;
import io.updraft.run.TriggerRequest;
import io.updraft.template.XComPuller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PythonVirtualenvOperator, ExternalPythonOperator and their decorators as a user runs them: YAML in a real folder,
 * a real virtualenv with a real pip install from PyPI (needs the network, as CI has), real interpreters.
 */
class VirtualenvOperatorTest {

    @TempDir
    Path root;

    @Test
    @SuppressWarnings("unchecked")
    void runsCallablesInACachedVirtualenvAndInAnExternalInterpreter() throws Exception {
        Path dags = root.resolve("dags");
        Files.createDirectories(dags);
        for (String file : new String[] {"venv_callables.py", "venv_tasks.yml"}) {
            try (var in = getClass().getResourceAsStream("/io/updraft/operator/venvdags/" + file)) {
                Files.write(dags.resolve(file), in.readAllBytes());
            }
        }
        Path home = root.resolve("home");
        String external = Path.of("/usr/bin/python3").toRealPath().toString();
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("EXTERNAL_PYTHON", external);
        try (Updraft updraft = Updraft.open(UpdraftConfig.from(Map.of("UPDRAFT_HOME", home.toString(),
                "UPDRAFT_DAGS_FOLDER", dags.toString())), environment)) {
            updraft.loadDags();
            Dag dag = updraft.dag("venv_tasks").orElseThrow(() -> new AssertionError(
                    updraft.importErrors().list(10, 0).toString()));
            RunEngine engine = updraft.startEngine(false, 2);
            DagRun run = engine.completion(engine.trigger(dag, TriggerRequest.manual(
                    Instant.parse("2024-03-01T00:00:00Z"), Map.of(), "test"))).get(600, TimeUnit.SECONDS);

            Map<String, String> states = updraft.runs().taskInstances(run.dagId(), run.runId()).stream()
                    .collect(Collectors.toMap(TaskInstance::taskId, ti -> ti.state().value()));
            assertThat(states).as(() -> logs(home)).containsOnly(Map.entry("in_venv", "success"),
                    Map.entry("decorated", "success"), Map.entry("external", "success"),
                    Map.entry("decorated_external", "success"));

            Map<String, Object> inVenv = (Map<String, Object>) returnValue(updraft, run, "in_venv");
            Path venvs = home.resolve("python/venvs");
            assertThat(inVenv).containsEntry("six", "1.16.0").containsEntry("greeting", "hello 2024-03-01");
            assertThat(inVenv.get("prefix").toString()).startsWith(venvs.toString());
            Map<String, Object> decorated = (Map<String, Object>) returnValue(updraft, run, "decorated");
            assertThat(decorated).containsEntry("prefix", inVenv.get("prefix"))
                    .containsEntry("greeting", "hello 2024-03-01 again");
            try (Stream<Path> built = Files.list(venvs)) {
                assertThat(built).hasSize(1);  // built once, reused by the second task
            }
            assertThat(returnValue(updraft, run, "external")).isEqualTo(Map.of("executable", external,
                    "ds", "2024-03-01"));
            assertThat(returnValue(updraft, run, "decorated_external")).isEqualTo(Map.of("executable", external,
                    "ds", "2024-03-01"));
        }
    }

    private static Object returnValue(Updraft updraft, DagRun run, String taskId) {
        return updraft.runs().xcoms(run.dagId(), run.runId(), taskId).stream()
                .filter(xcom -> xcom.key().equals("return_value")).map(XComPuller::parse).findFirst().orElse(null);
    }

    private static String logs(Path home) {
        try (Stream<Path> files = Files.walk(home.resolve("logs"))) {
            return files.filter(Files::isRegularFile).map(file -> {
                try {
                    return file + ":\n" + Files.readString(file);
                } catch (IOException e) {
                    return file + ": " + e;
                }
            }).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            return e.toString();
        }
    }
}
