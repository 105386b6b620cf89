package io.updraft.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.Callback;
import io.updraft.dag.CallbackKind;
import io.updraft.dag.Dag;
import io.updraft.dag.PythonCallable;
import io.updraft.dag.Task;
import io.updraft.dag.TaskGroup;
import io.updraft.dag.XComArg;
import io.updraft.run.KillSwitch;
import io.updraft.run.TaskOutcome;
import io.updraft.run.TaskOutcome.Result;
import io.updraft.run.TaskOutcome.SkipDownstream;
import io.updraft.template.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PythonOperatorTest {

    private static final String PYTHON = "airflow.providers.standard.operators.python.PythonOperator";

    @TempDir
    Path home;

    private RunnerHarness harness;
    private Path callables;

    @BeforeEach
    void setUp() {
        harness = new RunnerHarness(home);
        callables = harness.resource("callables.py");
    }

    private Task.Builder python(String taskId, String function) {
        return Task.builder(taskId, PYTHON).pythonCallable(PythonCallable.fromFile(callables.toString(), function));
    }

    /** A DAG whose file sits next to callables.py, so dotted paths resolve against the DAGs folder. */
    private Dag dagOf(Task... tasks) {
        Dag.Builder builder = Dag.builder(Fixtures.DAG_ID).fileloc(callables.resolveSibling("dag.yml").toString())
                .params(Map.of("env", "dev"));
        for (Task task : tasks) {
            builder.task(task);
        }
        return builder.build();
    }

    private TaskOutcome run(Task task) {
        return harness.run(dagOf(task), task.taskId(), Map.of());
    }

    @Test
    void runsACallableFromAFileAndLogsItsOutput() {
        Path printHello = harness.resource("print_hello.py");
        Task task = Task.builder("hello", "airflow.operators.python.PythonOperator")
                .argument("python_callable_name", "print_hello")
                .argument("python_callable_file", printHello.toString()).build();

        TaskOutcome outcome = run(task);

        assertThat(outcome.result()).isEqualTo(Result.SUCCESS);
        assertThat(outcome.xcoms()).isEmpty();
        assertThat(harness.log("hello")).contains("INFO - hello", "Done. Returned value was: None");
    }

    @Test
    void passesRenderedOpArgsAndOpKwargsAndPushesTheReturnValue() {
        Task task = Task.builder("add", PYTHON).pythonCallable(PythonCallable.dotted("callables.add"))
                .argument("op_args", List.of(1, 2)).argument("op_kwargs", Map.of("scale", 10)).build();
        assertThat(run(task).xcoms()).containsEntry("return_value", 30);

        Task templated = Task.builder("concat", PYTHON).pythonCallable(PythonCallable.dotted("callables.add"))
                .argument("op_args", List.of("{{ ds }}", "/{{ params.env }}")).build();
        assertThat(run(templated).xcoms()).containsEntry("return_value", "2024-03-01/dev");
    }

    @Test
    void passesContextKeysTheCallableNames() {
        assertThat(run(python("ctx", "with_context").build()).xcoms()).containsEntry("return_value",
                Map.of("ds", "2024-03-01", "task_id", "ctx", "try_number", 1, "env", "dev"));
        assertThat(run(python("all", "with_kwargs").build()).xcoms()).containsEntry("return_value",
                List.of("dag_run", "ds", "params", "run_id", "ti"));
    }

    @Test
    void taskFlowTasksGetTheirArgumentsAsKeywordsAndResolveXComArgs() {
        harness.xcoms.with(Fixtures.DAG_ID, Fixtures.RUN_ID, "upstream", -1, "return_value", "5");
        Task task = Task.builder("flow", "airflow.sdk.task").pythonCallable(PythonCallable.dotted("callables.add"))
                .argument("a", XComArg.returnValue("upstream")).argument("b", "{{ 2 }}").build();
        Dag dag = Dag.builder(Fixtures.DAG_ID).fileloc(callables.resolveSibling("dag.yml").toString())
                .renderTemplateAsNativeObj(true).task(task).build();

        assertThat(harness.run(dag, "flow", Map.of()).xcoms()).containsEntry("return_value", 7);
    }

    @Test
    void multipleOutputsPushesEachKey() {
        TaskOutcome outcome = run(python("ctx", "with_context").multipleOutputs(true).build());
        assertThat(outcome.xcoms()).containsEntry("ds", "2024-03-01").containsKey("return_value");
    }

    @Test
    void pullsAndPushesXComsInsidePython() {
        harness.xcoms.with(Fixtures.DAG_ID, Fixtures.RUN_ID, "upstream", -1, "return_value", "[1, 2]")
                .with(Fixtures.DAG_ID, Fixtures.RUN_ID, "upstream", -1, "path", "\"/data/x.csv\"");
        TaskOutcome outcome = run(python("pull", "pull").build());
        assertThat(outcome.xcoms()).containsEntry("return_value", List.of(1, 2)).containsEntry("seen", "/data/x.csv");
    }

    @Test
    void mapsAirflowExceptionsToOutcomes() {
        TaskOutcome skipped = run(python("skip", "skip").build());
        assertThat(skipped.result()).isEqualTo(Result.SKIPPED);
        assertThat(skipped.error()).isEqualTo("nothing to do today");

        TaskOutcome failed = run(python("fail", "fail").build());
        assertThat(failed.result()).isEqualTo(Result.FAILED_NO_RETRY);
        assertThat(failed.error()).isEqualTo("AirflowFailException: bad input, do not retry");

        TaskOutcome crashed = run(python("crash", "crash").build());
        assertThat(crashed.result()).isEqualTo(Result.FAILED);
        assertThat(crashed.error()).isEqualTo("ValueError: boom");
        assertThat(harness.log("crash")).contains("Traceback", "raise ValueError(\"boom\")");
    }

    @Test
    void aReturnValueThatIsNotJsonFailsClearly() {
        TaskOutcome outcome = run(python("object", "not_json").build());
        assertThat(outcome.result()).isEqualTo(Result.FAILED);
        assertThat(outcome.error()).contains("not JSON-serialisable");
    }

    @Test
    void aMissingCallableFailsNamingIt() {
        TaskOutcome outcome = run(python("missing", "no_such_function").build());
        assertThat(outcome.error()).contains("no_such_function");
    }

    @Test
    void branchFollowsTheChosenTasksAndGroupRoots() {
        Task chooser = Task.builder("branch", "airflow.operators.python.BranchPythonOperator")
                .pythonCallable(PythonCallable.fromFile(callables.toString(), "choose")).build();
        Task left = Task.builder("left", "airflow.operators.empty.EmptyOperator").upstream("branch").build();
        Task groupStart = Task.builder("grp.start", "airflow.operators.empty.EmptyOperator").groupId("grp")
                .upstream("branch").build();
        Task groupEnd = Task.builder("grp.end", "airflow.operators.empty.EmptyOperator").groupId("grp")
                .upstream("grp.start").build();
        Dag dag = Dag.builder(Fixtures.DAG_ID).fileloc(callables.resolveSibling("dag.yml").toString())
                .taskGroup(new TaskGroup("grp", null, null))
                .task(chooser).task(left).task(groupStart).task(groupEnd).build();

        assertThat(harness.run(dag, "branch", Map.of("branch", "grp")).followOnly()).containsExactly("grp.start");
        assertThat(harness.run(dag, "branch", Map.of("branch", List.of("left"))).followOnly())
                .containsExactly("left");
        assertThat(harness.run(dag, "branch", Map.of()).result()).isEqualTo(Result.FAILED);

        TaskOutcome invalid = harness.run(dag, "branch", Map.of("branch", "grp.end"));
        assertThat(invalid.result()).isEqualTo(Result.FAILED);
        assertThat(invalid.error()).contains("Invalid tasks found: [grp.end]");
    }

    @Test
    void shortCircuitSkipsDownstreamOnAFalsyResult() {
        Task circuit = Task.builder("gate", "airflow.sdk.task.short_circuit")
                .pythonCallable(PythonCallable.fromFile(callables.toString(), "condition")).build();
        Dag dag = dagOf(circuit);
        assertThat(harness.run(dag, "gate", Map.of("go", true)).skip()).isEqualTo(SkipDownstream.NONE);
        assertThat(harness.run(dag, "gate", Map.of("go", 0)).skip()).isEqualTo(SkipDownstream.ALL);

        Task direct = circuit.toBuilder().argument("ignore_downstream_trigger_rules", false).build();
        assertThat(harness.run(dagOf(direct), "gate", Map.of("go", "")).skip()).isEqualTo(SkipDownstream.DIRECT);
    }

    @Test
    void taskCallbacksRunWithTheContextAndLogTheirOutput() throws Exception {
        Task task = python("crash", "crash").callbacks(CallbackKind.ON_FAILURE, List.of(new Callback(
                PythonCallable.dotted("callables.record_failure"), Map.of("marker", "M1")))).build();
        Dag dag = dagOf(task);
        OperatorTaskRunner runner = harness.runner();
        runner.run(harness.attempt(dag, "crash", Map.of(), new KillSwitch()));
        runner.runTaskCallbacks(harness.lastAttempt(), CallbackKind.ON_FAILURE, "ValueError: boom");

        assertThat(harness.log("crash")).contains("Executing on_failure_callback callables.record_failure",
                "callback M1 ValueError: boom example__crash__20240301");
    }

    @Test
    void dagCallbacksLogToTheRunsCallbackLog() throws Exception {
        Path printHello = harness.resource("print_hello.py");
        Dag dag = Dag.builder(Fixtures.DAG_ID).task(Task.builder("t", PYTHON).build())
                .callbacks(CallbackKind.ON_SUCCESS, List.of(new Callback(
                        PythonCallable.fromFile(printHello.toString(), "print_hello_from_callback"), null),
                        new Callback(PythonCallable.dotted("missing_module.fn"), null)))
                .build();
        harness.runner().runDagCallbacks(dag, Fixtures.aRun(RunnerHarness.LOGICAL_DATE, Map.of()),
                CallbackKind.ON_SUCCESS, "success");

        String log = Files.readString(home.resolve("logs/dag_id=example/run_id=" + Fixtures.RUN_ID
                + "/dag_callbacks.log"));
        assertThat(log).contains("callback for ?", "on_success_callback missing_module.fn failed",
                "ModuleNotFoundError");
    }
}
