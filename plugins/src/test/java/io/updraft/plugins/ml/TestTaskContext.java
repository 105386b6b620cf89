package io.updraft.plugins.ml;

import io.updraft.api.TaskContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A minimal TaskContext for driving operators without the engine: XComs shared through one map per run. */
final class TestTaskContext implements TaskContext {

    final Path home;
    final String runId;
    final String taskId;
    final Map<String, Object> xcoms;
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    final Map<Class<?>, Object> services = new HashMap<>();
    Optional<OffsetDateTime> dataIntervalEnd = Optional.empty();

    TestTaskContext(Path home, String runId, String taskId, Map<String, Object> xcoms) {
        this.home = home;
        this.runId = runId;
        this.taskId = taskId;
        this.xcoms = xcoms;
    }

    String logText() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    @Override public String dagId() { return "phishing_url_pipeline"; }
    @Override public String taskId() { return taskId; }
    @Override public String runId() { return runId; }
    @Override public int mapIndex() { return -1; }
    @Override public int tryNumber() { return 1; }
    @Override public int maxTries() { return 1; }
    @Override public Optional<OffsetDateTime> logicalDate() { return Optional.empty(); }
    @Override public Optional<OffsetDateTime> dataIntervalStart() { return Optional.empty(); }
    @Override public Optional<OffsetDateTime> dataIntervalEnd() { return dataIntervalEnd; }
    @Override public String dagVersion() { return "test-dag-version"; }
    @Override public Map<String, Object> arguments() { return Map.of(); }
    @Override public Map<String, Object> params() { return Map.of(); }
    @Override public Map<String, Object> conf() { return Map.of(); }
    @Override public PrintStream log() { return log; }

    @Override
    public Object xcomPull(String task, String key) {
        return xcoms.get(task + "/" + key);
    }

    @Override
    public void xcomPush(String key, Object value) {
        xcoms.put(taskId + "/" + key, value);
    }

    @Override public Optional<String> variable(String key) { return Optional.empty(); }
    @Override public String render(String template) { return template; }
    @Override public Path home() { return home; }
    @Override public void followOnly(Collection<String> taskIds) { }
    @Override public void skipDownstream(boolean ignoreDownstreamTriggerRules) { }
    @Override public boolean isKilled() { return false; }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(services.get(type)).map(type::cast);
    }

    <T> TestTaskContext with(Class<T> type, T service) {
        services.put(type, service);
        return this;
    }

    static Map<String, Object> newRun() {
        return new HashMap<>();
    }
}
