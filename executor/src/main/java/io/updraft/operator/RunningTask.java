package io.updraft.operator;

import io.updraft.api.TaskContext;
import io.updraft.run.TaskAttempt;
import io.updraft.run.TaskOutcome.SkipDownstream;
import io.updraft.secrets.SecretsMasker;
import io.updraft.config.ConnectionReads;
import io.updraft.config.Variable;
import io.updraft.config.VariableReads;
import io.updraft.template.TemplateRenderer;
import io.updraft.template.XComPuller;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link TaskContext} of one try, as {@link OperatorTaskRunner} makes it. Built-in operators also reach the
 * Airflow context values, the process environment and the Python runner through it. Used from the try's thread,
 * except {@link #isKilled()}.
 */
final class RunningTask implements TaskContext {

    /** What a try sees beyond the plugin API: fixed when the try starts. */
    record Setup(TaskAttempt attempt, Map<String, Object> arguments, Map<String, Object> contextValues,
            Map<String, Object> jinjaContext, XComPuller xcoms, VariableReads variables,
            ConnectionReads connections, TemplateRenderer renderer, Path home, Map<String, String> environment,
            PythonRunner python, TaskLog log, HostServices services) {
    }

    private final Setup setup;
    private final Map<String, Object> pushed = new LinkedHashMap<>();
    private Set<String> followOnly;
    private SkipDownstream skip = SkipDownstream.NONE;
    private Map<String, Object> contextAdditions = Map.of();
    private Map<String, Object> renderedFields;

    RunningTask(Setup setup) {
        this.setup = setup;
    }

    /** The built-in view of a context; built-in operators run only under {@link OperatorTaskRunner}. */
    static RunningTask of(TaskContext context) {
        if (context instanceof RunningTask running) {
            return running;
        }
        throw new IllegalStateException("built-in operators run only under Updraft's OperatorTaskRunner");
    }

    Setup setup() { return setup; }
    TaskLog taskLog() { return setup.log(); }
    Map<String, String> environment() { return setup.environment(); }
    PythonRunner python() { return setup.python(); }
    Map<String, Object> contextValues() { return setup.contextValues(); }
    Map<String, Object> pushedXComs() { return pushed; }
    Set<String> followed() { return followOnly; }
    SkipDownstream skip() { return skip; }
    io.updraft.run.TaskInstance taskInstance() { return setup.attempt().taskInstance(); }
    /** What Python task code added to its context, for map_index_template. */
    Map<String, Object> contextAdditions() { return contextAdditions; }
    void contextAdditions(Map<String, Object> added) { contextAdditions = new LinkedHashMap<>(added); }
    /** The rendered fields the operator itself reported (a user-written operator's); null: the host's. */
    Map<String, Object> renderedFields() { return renderedFields; }
    void renderedFields(Map<String, Object> fields) { renderedFields = new LinkedHashMap<>(fields); }

    @Override public String dagId() { return setup.attempt().dag().dagId(); }
    @Override public String taskId() { return setup.attempt().task().taskId(); }
    @Override public String runId() { return setup.attempt().run().runId(); }
    @Override public int mapIndex() { return setup.attempt().taskInstance().mapIndex(); }
    @Override public int tryNumber() { return setup.attempt().taskInstance().tryNumber(); }
    @Override public int maxTries() { return setup.attempt().taskInstance().maxTries(); }
    @Override public Optional<OffsetDateTime> logicalDate() { return utc(setup.attempt().run().logicalDate()); }
    @Override public Optional<OffsetDateTime> dataIntervalStart() { return utc(setup.attempt().run().dataIntervalStart()); }
    @Override public Optional<OffsetDateTime> dataIntervalEnd() { return utc(setup.attempt().run().dataIntervalEnd()); }
    @Override public String dagVersion() { return setup.attempt().run().dagVersion(); }
    @Override public Map<String, Object> arguments() { return setup.arguments(); }
    @Override public Map<String, Object> conf() { return setup.attempt().run().conf(); }
    @Override public PrintStream log() { return setup.log().stream(); }
    @Override public Path home() { return setup.home(); }

    @SuppressWarnings("unchecked")
    @Override
    public Map<String, Object> params() {
        return (Map<String, Object>) setup.contextValues().get("params");
    }

    private static Optional<OffsetDateTime> utc(Instant instant) {
        return Optional.ofNullable(instant).map(i -> i.atOffset(ZoneOffset.UTC));
    }

    @Override
    public Object xcomPull(String taskId, String key) {
        if (taskId.equals(taskId()) && pushed.containsKey(key)) {
            return pushed.get(key);
        }
        return setup.xcoms().pullOne(taskId, key, null);
    }

    @Override
    public void xcomPush(String key, Object value) {
        pushed.put(key, value);
    }

    @Override
    public Optional<String> variable(String key) {
        Optional<String> value = setup.variables().find(key).map(Variable::value);
        value.ifPresent(v -> SecretsMasker.global().add(v, key));
        return value;
    }

    @Override
    public void maskSecret(String value) {
        SecretsMasker.global().add(value);
    }

    @Override
    public String render(String template) {
        return setup.renderer().render("render()", template, setup.jinjaContext());
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return setup.services().find(type);
    }

    @Override
    public void followOnly(Collection<String> taskIds) {
        followOnly = new LinkedHashSet<>(taskIds);
    }

    @Override
    public void skipDownstream(boolean ignoreDownstreamTriggerRules) {
        skip = ignoreDownstreamTriggerRules ? SkipDownstream.ALL : SkipDownstream.DIRECT;
    }

    @Override
    public boolean isKilled() {
        return setup.attempt().killSwitch().isKilled();
    }
}
