package io.updraft.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * User-written operators as Airflow 3.3.2 runs them, seen over real HTTP: a BaseBranchOperator (or
 * BranchPythonOperator) subclass skips the branches it did not choose (and pushes no return value when it skipped some), SkipMixin.skip, the rendered
 * template_fields in {@code rendered_fields}, and a returned tuple kept as serde's tuple (the XCom API returns it
 * so; xcom_pull and templates get a tuple back). Expected values were read from Airflow 3.3.2 running the same
 * classes.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UserPythonOperatorRestTest extends RestTestSupport {

    private static final String API = "/api/v2";

    private static final String OPERATORS = """
            from airflow.providers.standard.operators.python import BranchPythonOperator, ShortCircuitOperator
            from airflow.sdk import BaseBranchOperator, BaseOperator, SkipMixin


            class PickOperator(BaseBranchOperator):
                template_fields = ("choice",)

                def __init__(self, choice, note, **kwargs):
                    super().__init__(**kwargs)
                    self.choice = choice
                    self.note = note

                def choose_branch(self, context):
                    return self.choice


            class SkipAllButOperator(BaseOperator, SkipMixin):
                def __init__(self, keep, **kwargs):
                    super().__init__(**kwargs)
                    self.keep = keep

                def execute(self, context):
                    task = context["task"]
                    self.skip(context["ti"], [t for t in task.downstream_list if t.task_id != self.keep])
                    return "not pushed"


            class EveningOperator(BranchPythonOperator):
                def __init__(self, **kwargs):
                    super().__init__(python_callable=lambda: "evening", **kwargs)


            class ClosedGateOperator(ShortCircuitOperator):
                def __init__(self, **kwargs):
                    super().__init__(python_callable=lambda: False, **kwargs)


            class PairOperator(BaseOperator):
                def execute(self, context):
                    return (1, "a", (2, 3))


            def describe(ti):
                pair = ti.xcom_pull(task_ids="pair")
                return f"{type(pair).__name__} {pair!r}"
            """;

    private static final String DAG = """
            user_ops:
              schedule: None
              is_paused_upon_creation: false
              default_args: {start_date: 2024-01-01}
              tasks:
                - task_id: pick
                  operator: user_ops_code.PickOperator
                  choice: "{{ 'left' }}"
                  note: "{{ ds }}"
                - task_id: left
                  operator: airflow.providers.standard.operators.empty.EmptyOperator
                  dependencies: [pick]
                - task_id: right
                  operator: airflow.providers.standard.operators.empty.EmptyOperator
                  dependencies: [pick]
                - task_id: join
                  operator: airflow.providers.standard.operators.empty.EmptyOperator
                  trigger_rule: none_failed
                  dependencies: [left, right]
                - task_id: pick_all
                  operator: user_ops_code.PickOperator
                  choice: [l2, r2]
                  note: all
                - task_id: l2
                  operator: airflow.providers.standard.operators.empty.EmptyOperator
                  dependencies: [pick_all]
                - task_id: r2
                  operator: airflow.providers.standard.operators.empty.EmptyOperator
                  dependencies: [pick_all]
                - task_id: skipper
                  operator: user_ops_code.SkipAllButOperator
                  keep: kept
                - task_id: kept
                  operator: airflow.providers.standard.operators.empty.EmptyOperator
                  dependencies: [skipper]
                - task_id: dropped
                  operator: airflow.providers.standard.operators.empty.EmptyOperator
                  dependencies: [skipper]
                - task_id: when
                  operator: user_ops_code.EveningOperator
                - task_id: morning
                  operator: airflow.providers.standard.operators.empty.EmptyOperator
                  dependencies: [when]
                - task_id: evening
                  operator: airflow.providers.standard.operators.empty.EmptyOperator
                  dependencies: [when]
                - task_id: gate
                  operator: user_ops_code.ClosedGateOperator
                - task_id: behind_gate
                  operator: airflow.providers.standard.operators.empty.EmptyOperator
                  dependencies: [gate]
                - task_id: all_done_behind_gate
                  operator: airflow.providers.standard.operators.empty.EmptyOperator
                  trigger_rule: all_done
                  dependencies: [behind_gate]
                - task_id: pair
                  operator: user_ops_code.PairOperator
                - task_id: describe
                  operator: airflow.providers.standard.operators.python.PythonOperator
                  python_callable: user_ops_code.describe
                  dependencies: [pair]
                - task_id: echo_pair
                  operator: airflow.providers.standard.operators.bash.BashOperator
                  bash_command: "echo \\"{{ ti.xcom_pull(task_ids='pair') }}\\""
                  dependencies: [pair]
            """;

    @Override
    protected Map<String, String> dagFiles() {
        return Map.of("user_ops_code.py", OPERATORS, "user_ops.yml", DAG);
    }

    @Test
    void branchesSkipsRenderedFieldsAndTuplesOfUserOperatorsAreAsInAirflow() throws Exception {
        String runId = (String) ok(post(API + "/dags/user_ops/dagRuns", "{\"logical_date\": \"2024-03-01T00:00:00Z\"}"))
                .get("dag_run_id");
        String run = API + "/dags/user_ops/dagRuns/" + enc(runId);

        Map<String, Object> finished = awaitRun(API, "user_ops", runId);

        Map<String, Object> states = items(ok(get(run + "/taskInstances")), "task_instances").stream()
                .collect(Collectors.toMap(ti -> (String) ti.get("task_id"), ti -> String.valueOf(ti.get("state"))));
        assertThat(states).as(finished.toString()).containsExactlyInAnyOrderEntriesOf(Map.ofEntries(
                Map.entry("pick", "success"), Map.entry("left", "success"), Map.entry("right", "skipped"),
                Map.entry("join", "success"), Map.entry("pick_all", "success"), Map.entry("l2", "success"),
                Map.entry("r2", "success"), Map.entry("skipper", "success"), Map.entry("kept", "success"),
                Map.entry("dropped", "skipped"), Map.entry("pair", "success"), Map.entry("describe", "success"),
                Map.entry("echo_pair", "success"), Map.entry("gate", "success"),
                Map.entry("behind_gate", "skipped"), Map.entry("all_done_behind_gate", "skipped"),
                Map.entry("when", "success"), Map.entry("morning", "skipped"), Map.entry("evening", "success")));
        // a branch that skipped ends execute: no return value, only SkipMixin's record; one that skipped nothing
        // returns as usual
        assertThat(xcom(run, "pick", "return_value").status()).isEqualTo(404);
        assertThat(ok(xcom(run, "pick", "skipmixin_key"))).containsEntry("value", Map.of("followed", List.of("left")));
        assertThat(ok(xcom(run, "pick_all", "return_value"))).containsEntry("value", List.of("l2", "r2"));
        assertThat(ok(xcom(run, "pick_all", "skipmixin_key")))
                .containsEntry("value", Map.of("followed", List.of("l2", "r2")));
        assertThat(xcom(run, "skipper", "return_value").status()).isEqualTo(404);
        assertThat(ok(xcom(run, "skipper", "skipmixin_key")))
                .containsEntry("value", Map.of("skipped", List.of("dropped")));
        // a short circuit that ignores downstream trigger rules skips every task downstream of it
        assertThat(xcom(run, "gate", "return_value").status()).isEqualTo(404);
        assertThat(map(ok(xcom(run, "gate", "skipmixin_key")).get("value")).get("skipped"))
                .asList().containsExactlyInAnyOrder("behind_gate", "all_done_behind_gate");
        // only template_fields, as rendered
        assertThat(ok(get(run + "/taskInstances/pick"))).containsEntry("rendered_fields", Map.of("choice", "left"));
        assertThat(ok(get(run + "/taskInstances/pick_all")))
                .containsEntry("rendered_fields", Map.of("choice", List.of("l2", "r2")));
        // a tuple: serde's form in the API, a tuple again for xcom_pull and templates
        Map<String, Object> inner = Map.of("__classname__", "builtins.tuple", "__version__", 1,
                "__data__", List.of(2, 3));
        assertThat(ok(xcom(run, "pair", "return_value"))).containsEntry("value", Map.of(
                "__classname__", "builtins.tuple", "__version__", 1, "__data__", List.of(1, "a", inner)));
        assertThat(ok(xcom(run, "describe", "return_value")))
                .containsEntry("value", "tuple (1, 'a', (2, 3))");
        assertThat(ok(xcom(run, "echo_pair", "return_value"))).containsEntry("value", "(1, 'a', (2, 3))");
    }

    private Reply xcom(String run, String taskId, String key) {
        return get(run + "/taskInstances/" + taskId + "/xcomEntries/" + key);
    }
}
