package io.updraft.operator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.updraft.json.Json;
import io.updraft.api.FailTaskException;
import io.updraft.api.Operator;
import io.updraft.api.OperatorProvider;
import io.updraft.api.SkipTaskException;
import io.updraft.dag.CallbackKind;
import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import io.updraft.run.DagRun;
import io.updraft.run.KillSwitch;
import io.updraft.run.RunReads;
import io.updraft.run.TaskAttempt;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskOutcome;
import io.updraft.run.TaskOutcome.Result;
import io.updraft.run.TaskRunner;
import io.updraft.secrets.SecretsMasker;
import io.updraft.config.ConnectionReads;
import io.updraft.config.VariableReads;
import io.updraft.template.ContextValues;
import io.updraft.template.PreviousSuccess;
import io.updraft.template.TemplateContext;
import io.updraft.template.TemplateRenderException;
import io.updraft.template.TemplateRenderer;
import io.updraft.template.XComPuller;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one try of a task through its operator: renders the templates, runs the operator on the calling thread,
 * writes the task log and reports the outcome. Never throws. Thread-safe.
 */
public final class OperatorTaskRunner implements TaskRunner {

    private static final Logger LOG = LoggerFactory.getLogger(OperatorTaskRunner.class);
    private static final ObjectMapper JSON = Json.MAPPER;
    private static final String SOURCE = "task_runner.py";
    /** An XCom is read with its task instance's views and by every downstream task: 1 MiB at most, as the API. */
    public static final int MAX_XCOM_BYTES = 1 << 20;

    private static final String MAP_INDEX_TEMPLATE = "map_index_template";

    private final OperatorRegistry registry;
    private final RunReads runs;
    private final VariableReads variables;
    private final ConnectionReads connections;
    private final Path home;
    private final Map<String, String> environment;
    private final PythonRunner python;
    private final CallbackRunner callbacks;
    private final TemplateRenderer renderer = new TemplateRenderer();
    private final HostServices services = new HostServices();
    /** An asset-triggered run's consumed events by asset URI (see io.updraft.asset.TriggeringEvents). */
    private volatile java.util.function.Function<io.updraft.run.DagRun, Map<String, Object>> triggeringAssetEvents =
            run -> Map.of();

    /** With the process environment, for tasks and their children. */
    public OperatorTaskRunner(OperatorRegistry registry, RunReads runs, VariableReads variables,
            ConnectionReads connections, Path home, String pythonCommand) {
        this(registry, runs, variables, connections, home, pythonCommand, System.getenv());
    }

    /**
     * @param environment what tasks see as the process environment (Bash's inherited env, AIRFLOW_CONN_*)
     */
    public OperatorTaskRunner(OperatorRegistry registry, RunReads runs, VariableReads variables,
            ConnectionReads connections, Path home, String pythonCommand, Map<String, String> environment) {
        this(registry, runs, variables, connections, home, withPython(PythonSettings.from(environment, home, null),
                pythonCommand), environment);
    }

    /**
     * @param pythonSettings how Python tasks run (interpreter, fork server, the DAGs and plugins folders)
     * @param environment what tasks see as the process environment (Bash's inherited env, AIRFLOW_CONN_*)
     */
    public OperatorTaskRunner(OperatorRegistry registry, RunReads runs, VariableReads variables,
            ConnectionReads connections, Path home, PythonSettings pythonSettings, Map<String, String> environment) {
        this.registry = registry;
        this.runs = runs;
        this.variables = variables;
        this.connections = connections;
        this.home = home;
        this.environment = Map.copyOf(environment);
        this.python = new PythonRunner(pythonSettings, home, this.environment);
        this.callbacks = new CallbackRunner(python, runs, home, this.environment);
    }

    private static PythonSettings withPython(PythonSettings settings, String pythonCommand) {
        return new PythonSettings(pythonCommand, settings.forkServer(), settings.preload(), settings.dagsFolder(),
                settings.pluginsFolder());
    }

    /** Sets where an asset-triggered run's {@code triggering_asset_events} come from (by asset URI). */
    public void triggeringAssetEvents(java.util.function.Function<io.updraft.run.DagRun, Map<String, Object>> events) {
        this.triggeringAssetEvents = events;
    }

    /** What plugins reach through {@code TaskContext.service}; register services before tasks run. */
    public HostServices services() {
        return services;
    }

    @Override
    public TaskOutcome run(TaskAttempt attempt) {
        try (TaskLog log = TaskLog.append(attempt.logFile())) {
            return runLogged(attempt, log);
        } catch (Exception | LinkageError e) {
            LOG.error("Task {} could not run", attempt.taskInstance().key(), e);
            return TaskOutcome.failed(SecretsMasker.global().mask("could not run the task: " + e));
        }
    }

    private TaskOutcome runLogged(TaskAttempt attempt, TaskLog log) {
        Task task = attempt.task();
        TaskInstance ti = attempt.taskInstance();
        KillSwitch killSwitch = attempt.killSwitch();
        log.info(SOURCE, "Starting attempt " + ti.tryNumber() + " of " + (ti.maxTries() + 1));
        log.info(SOURCE, "Executing <Task(" + registry.operatorClassName(task.operator()) + "): " + task.taskId()
                + "> on " + (attempt.run().logicalDate() == null ? "None" : attempt.run().logicalDate()));
        log.info(SOURCE, "Running <TaskInstance: " + ti.dagId() + "." + ti.taskId() + " " + ti.runId()
                + (ti.mapIndex() >= 0 ? " map_index=" + ti.mapIndex() : "") + " [running]>");
        String renderedFields = null;
        Interrupter interrupter = new Interrupter();
        RunningTask context = null;
        try {
            OperatorProvider provider = registry.provider(task.operator());
            XComPuller xcoms = new XComPuller(runs, ti.dagId(), ti.runId(), ti.taskId());
            Map<String, Object> values = ContextValues.forTask(attempt.dag(), task, attempt.run(), ti);
            values.put("triggering_asset_events", triggeringAssetEvents.apply(attempt.run()));
            if (task.pythonCallable() != null || task.arguments().toString().contains("_success")) {
                // a store read per try: only for Python code (its context has them) and templates that name them
                PreviousSuccess.put(values, runs, attempt.run());
            }
            Map<String, Object> jinja = TemplateContext.build(values, xcoms, variables, connections);
            jinja.putAll(PythonMacros.of(attempt.dag(), (callable, args, kwargs) -> {
                PythonResult result = python.run(PythonCall.ofMacro(callable, args, kwargs, attempt.dag(), values),
                        environment, log, new ProcessGuard());
                result.throwUnlessSucceeded();
                return result.returnValue();
            }));
            Map<String, Object> arguments = new LinkedHashMap<>(task.arguments());
            arguments.keySet().removeAll(io.updraft.dag.DagAssets.TASK_KEYS); // the host emits the asset events
            arguments.putAll(attempt.mappedArguments());
            Set<String> rendered = render(provider, task.operator(), arguments, jinja, attempt.dag());
            arguments.replaceAll((name, value) -> XComArguments.resolve(value, xcoms));
            renderedFields = renderedFieldsJson(arguments, rendered);
            if (task.pythonCallable() != null) {
                arguments.put(PythonOperatorProvider.CALLABLE, task.pythonCallable());
            }
            Map<String, Object> finalArguments = Collections.unmodifiableMap(arguments);
            Operator operator = provider.create(task.operator(), finalArguments);
            context = new RunningTask(new RunningTask.Setup(attempt, finalArguments, values, jinja, xcoms,
                    variables, connections, renderer, home, environment, python, log, services));
            killSwitch.onKill(() -> {
                log.warn(SOURCE, "Killing the task: " + killSwitch.reason());
                operator.onKill();
                interrupter.interrupt();
            });
            Object result;
            try {
                interrupter.start();
                result = operator.execute(context);
            } finally {
                interrupter.stop();
            }
            renderedFields = reportedFields(context, renderedFields);
            if (killSwitch.isKilled()) {
                return failed(log, killSwitch.reason(), renderedFields, Result.FAILED, null);
            }
            return succeeded(attempt, context, result, renderedFields, log);
        } catch (Throwable e) {
            renderedFields = reportedFields(context, renderedFields);
            if (killSwitch.isKilled()) {
                return failed(log, killSwitch.reason(), renderedFields, Result.FAILED, null);
            }
            if (e instanceof SensorWaitException wait) { // the same try goes on later
                return new TaskOutcome(wait.result(), context == null ? Map.of() : context.pushedXComs(),
                        renderedFields, null, null, null, wait.sensorWait());
            }
            if (e instanceof SkipTaskException skip) {
                log.info(SOURCE, "Skipping task: " + skip.getMessage());
                log.info(SOURCE, "Marking task as SKIPPED. " + ids(ti));
                return new TaskOutcome(Result.SKIPPED, Map.of(), renderedFields, null, null,
                        SecretsMasker.global().mask(skip.getMessage()));
            }
            if (e instanceof FailTaskException) {
                return failed(log, message(e), renderedFields, Result.FAILED_NO_RETRY, e);
            }
            if (e instanceof VirtualMachineError fatal) {
                throw fatal;
            }
            if (e instanceof TemplateRenderException) {
                // the field and what is wrong say it all: one line, no Java stack trace
                return failed(log, message(e), renderedFields, Result.FAILED, null);
            }
            return failed(log, message(e), renderedFields, Result.FAILED, e);
        }
    }

    /** Renders the provider's template fields in place; returns their names. */
    private Set<String> render(OperatorProvider provider, String operatorName, Map<String, Object> arguments,
            Map<String, Object> jinja, Dag dag) {
        Set<String> fields = provider.templateFields(operatorName);
        Set<String> rendered = new java.util.LinkedHashSet<>(fields == null ? arguments.keySet() : fields);
        rendered.retainAll(arguments.keySet());
        rendered.remove(MAP_INDEX_TEMPLATE);  // rendered after execution, as Airflow does
        for (String field : rendered) {
            arguments.put(field, renderer.renderField(field, arguments.get(field), jinja,
                    dag.renderTemplateAsNativeObj()));
        }
        return rendered;
    }

    private static String renderedFieldsJson(Map<String, Object> arguments, Set<String> fields) {
        Map<String, Object> rendered = new LinkedHashMap<>();
        fields.forEach(field -> rendered.put(field, arguments.get(field)));
        return renderedFieldsJson(rendered);
    }

    /** The fields the operator rendered itself (a user-written operator's template_fields), else the host's. */
    private static String reportedFields(RunningTask context, String renderedFields) {
        return context == null || context.renderedFields() == null ? renderedFields
                : renderedFieldsJson(context.renderedFields());
    }

    private static String renderedFieldsJson(Map<String, Object> rendered) {
        try {
            return JSON.writeValueAsString(SecretsMasker.global().redactFields(rendered));
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private TaskOutcome succeeded(TaskAttempt attempt, RunningTask context, Object result, String renderedFields,
            TaskLog log) {
        Task task = attempt.task();
        Map<String, Object> xcoms = new LinkedHashMap<>(context.pushedXComs());
        if (task.doXcomPush() && result != null) {
            if (task.multipleOutputs()) {
                if (!(result instanceof Map<?, ?> map)) {
                    throw new IllegalArgumentException("multiple_outputs is true, so the return value must be a "
                            + "dict, got " + Arguments.describe(result));
                }
                map.forEach((key, value) -> xcoms.put(String.valueOf(key), value));
            }
            xcoms.put("return_value", result);
        }
        for (Map.Entry<String, Object> xcom : xcoms.entrySet()) {
            String problem = JsonValues.problem(xcom.getValue());
            if (problem != null) {
                return failed(log, "XCom '" + xcom.getKey() + "' is not JSON-serialisable: it contains " + problem,
                        renderedFields, Result.FAILED, null);
            }
            int bytes = JsonValues.size(xcom.getValue());
            if (bytes > MAX_XCOM_BYTES) {
                return failed(log, "XCom '" + xcom.getKey() + "' is " + bytes + " bytes as JSON; at most "
                        + MAX_XCOM_BYTES + " may be stored (push the path of a file instead)", renderedFields,
                        Result.FAILED, null);
            }
        }
        Set<String> followOnly = null;
        if (context.followed() != null) {
            try {
                followOnly = BranchTargets.resolve(attempt.dag(), task.taskId(), context.followed());
            } catch (IllegalArgumentException e) {
                return failed(log, e.getMessage(), renderedFields, Result.FAILED, null);
            }
            log.info(SOURCE, "Branch into " + followOnly);
        }
        String mapIndex;
        try {
            mapIndex = renderedMapIndex(context, log);
        } catch (TemplateRenderException e) {  // as Airflow: after a success, a rendering error fails the try
            return failed(log, message(e), renderedFields, Result.FAILED, null);
        }
        log.info(SOURCE, "Marking task as SUCCESS. " + ids(attempt.taskInstance()));
        return new TaskOutcome(Result.SUCCESS, xcoms, renderedFields, followOnly, context.skip(), null, null, mapIndex);
    }

    /**
     * Airflow renders map_index_template after execution, with what the task's code added to its context
     * ({@code context["custom_mapping_key"] = ...}), and keeps it as the task instance's rendered_map_index.
     */
    private String renderedMapIndex(RunningTask context, TaskLog log) {
        if (context.taskInstance().mapIndex() < 0
                || !(context.arguments().get(MAP_INDEX_TEMPLATE) instanceof String template)) {
            return null;
        }
        Map<String, Object> jinja = new LinkedHashMap<>(context.setup().jinjaContext());
        jinja.putAll(context.contextAdditions());
        String rendered = renderer.render(MAP_INDEX_TEMPLATE, template, jinja);
        log.info(SOURCE, "Rendered map index: " + rendered);
        return rendered;
    }

    private static TaskOutcome failed(TaskLog log, String unmaskedError, String renderedFields, Result result,
            Throwable cause) {
        String error = SecretsMasker.global().mask(unmaskedError);
        if (cause == null) {
            log.error(SOURCE, "Task failed: " + error);
        } else {
            log.error(SOURCE, "Task failed with exception", cause);
        }
        log.info(SOURCE, "Marking task as " + (result == Result.FAILED_NO_RETRY ? "FAILED (no retry)" : "FAILED"));
        return new TaskOutcome(result, Map.of(), renderedFields, null, null, error);
    }

    private static String message(Throwable e) {
        return e.getMessage() == null ? e.getClass().getName() : e.getMessage();
    }

    private static String ids(TaskInstance ti) {
        return "dag_id=" + ti.dagId() + ", task_id=" + ti.taskId() + ", run_id=" + ti.runId() + ", map_index="
                + ti.mapIndex();
    }

    @Override
    public void runTaskCallbacks(TaskAttempt attempt, CallbackKind kind, String error) {
        callbacks.runTaskCallbacks(attempt, kind, error);
    }

    @Override
    public void runDagCallbacks(Dag dag, DagRun run, CallbackKind kind, String reason) {
        callbacks.runDagCallbacks(dag, run, kind, reason);
    }

    /**
     * Interrupts the try's thread on kill while the operator runs (for plugin code that sleeps or waits), and
     * never after, so the engine's worker thread is not left interrupted.
     */
    private static final class Interrupter {
        private Thread worker;

        synchronized void start() {
            worker = Thread.currentThread();
        }

        synchronized void interrupt() {
            if (worker != null) {
                worker.interrupt();
            }
        }

        synchronized void stop() {
            worker = null;
            Thread.interrupted();
        }
    }
}
