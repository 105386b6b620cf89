package io.updraft.template;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import io.updraft.run.DagRun;
import io.updraft.config.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TemplateRendererTest {

    private static final Instant NEW_YEAR = Instant.parse("2018-01-01T00:00:00Z");

    private final TemplateRenderer renderer = new TemplateRenderer();
    private final InMemoryStores.Variables variables = new InMemoryStores.Variables()
            .with("greeting", "hello").with("settings", "{\"region\": \"eu\", \"sizes\": [1, 2]}");
    private final InMemoryStores.Connections connections = new InMemoryStores.Connections();
    private final InMemoryStores.XComs xcoms = new InMemoryStores.XComs();

    private Map<String, Object> context(Instant logicalDate, Map<String, Object> conf) {
        Dag dag = Dag.builder(Fixtures.DAG_ID).params(Map.of("env", "dev", "limit", 10))
                .task(Task.builder("extract", "airflow.operators.bash.BashOperator").params(Map.of("limit", 20))
                        .build())
                .build();
        DagRun run = Fixtures.aRun(logicalDate, conf);
        Map<String, Object> values = ContextValues.forTask(dag, dag.task("extract"), run,
                Fixtures.aRunningInstance("extract", 2, 3, -1));
        return TemplateContext.build(values, new XComPuller(xcoms, Fixtures.DAG_ID, Fixtures.RUN_ID, "extract"),
                variables, connections);
    }

    private String render(String template) {
        return renderer.render("bash_command", template, context(NEW_YEAR, Map.of()));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "2018-01-01T00:00:00Z;{{ ds }};2018-01-01",
            "2018-01-01T00:00:00Z;{{ ds_nodash }};20180101",
            "2018-01-01T00:00:00Z;{{ ts }};2018-01-01T00:00:00+00:00",
            "2018-01-01T12:00:00.123456Z;{{ ts }};2018-01-01T12:00:00.123456+00:00",
            "2018-01-01T12:00:00.123456Z;{{ ts_nodash }};20180101T120000",
            "2018-01-01T00:00:00Z;{{ ts_nodash_with_tz }};20180101T000000+0000",
            "2018-01-01T00:00:00Z;{{ logical_date }};2018-01-01 00:00:00+00:00",
            "2018-01-01T00:00:00Z;{{ logical_date.isoformat() }};2018-01-01T00:00:00+00:00",
            "2018-01-01T00:00:00Z;{{ logical_date.strftime('%Y/%m') }};2018/01",
            "2018-01-01T00:00:00Z;{{ logical_date.year }};2018",
            "2018-01-01T00:00:00Z;{{ data_interval_end | ds }};2018-01-02",
            "2018-01-01T00:00:00Z;{{ data_interval_start | ts_nodash }};20180101T000000",
            "2018-01-01T00:00:00Z;{{ task_instance_key_str }};example__extract__20180101",
    })
    void formatsDatesAsAirflow(String logicalDate, String template, String expected) {
        assertThat(renderer.render("f", template, context(Instant.parse(logicalDate), Map.of()))).isEqualTo(expected);
    }

    @Test
    void rendersMacros() {
        assertThat(render("{{ macros.ds_add('2015-01-01', 5) }}")).isEqualTo("2015-01-06");
        assertThat(render("{{ macros.ds_add(ds, -1) }}")).isEqualTo("2017-12-31");
        assertThat(render("{{ macros.ds_add('2015-01-01', 0) }}")).isEqualTo("2015-01-01");
        assertThat(render("{{ macros.ds_format('2015-01-01', '%Y-%m-%d', '%m-%d-%y') }}")).isEqualTo("01-01-15");
        assertThat(render("{{ macros.datetime.fromisoformat('2020-02-03T04:05:06+00:00').strftime('%d.%m.%Y') }}"))
                .isEqualTo("03.02.2020");
    }

    @Test
    void printsTuplesFromXComsAsPythonDoes() {
        Object pair = io.updraft.run.XComs.decode(io.updraft.json.Json.read(
                "{\"__classname__\": \"builtins.tuple\", \"__version__\": 1, \"__data__\": [1, \"a\", "
                        + "{\"__classname__\": \"builtins.tuple\", \"__version__\": 1, \"__data__\": [true]}]}"));
        Map<String, Object> context = new java.util.HashMap<>(context(NEW_YEAR, Map.of()));
        context.put("pair", pair);

        assertThat(renderer.render("f", "{{ pair }} {{ pair[1] }} {{ [pair] }} {{ pair | length }}", context))
                .isEqualTo("(1, 'a', (True,)) a [(1, 'a', (True,))] 3");
        assertThat(io.updraft.json.Json.write(pair)).isEqualTo("{\"__classname__\":\"builtins.tuple\","
                + "\"__version__\":1,\"__data__\":[1,\"a\",{\"__classname__\":\"builtins.tuple\","
                + "\"__version__\":1,\"__data__\":[true]}]}");
    }

    @Test
    void rendersIdsOfTheTry() {
        assertThat(render("{{ dag.dag_id }}/{{ task.task_id }}/{{ run_id }}/{{ dag_run.run_id }}"))
                .isEqualTo("example/extract/" + Fixtures.RUN_ID + "/" + Fixtures.RUN_ID);
        assertThat(render("{{ ti.try_number }} of {{ ti.max_tries }}, {{ task_instance.map_index }}"))
                .isEqualTo("2 of 3, -1");
    }

    @Test
    void readsVariables() {
        assertThat(render("{{ var.value.greeting }}")).isEqualTo("hello");
        assertThat(render("{{ var.json.settings.region }} {{ var.json.settings.sizes[1] }}")).isEqualTo("eu 2");
        assertThat(render("{{ var.value.get('missing', 'fallback') }}")).isEqualTo("fallback");
        assertThatThrownBy(() -> render("{{ var.value.missing }}"))
                .hasMessageContaining("bash_command").hasMessageContaining("var.value.missing");
    }

    @Test
    void readsConnections() {
        connections.put(new Connection("warehouse", "postgres", null, "db.local", "ann", "secret", "sales", 5432,
                "{\"sslmode\": \"require\"}"));
        assertThat(render("{{ conn.warehouse.host }}:{{ conn.warehouse.port }} {{ conn.warehouse.extra_dejson.sslmode }}"))
                .isEqualTo("db.local:5432 require");
    }

    @Test
    void taskParamsOverrideDagParamsAndConfOverridesBoth() {
        Map<String, Object> context = context(NEW_YEAR, Map.of("env", "prod"));
        assertThat(renderer.render("f", "{{ params.env }} {{ params.limit }} {{ dag_run.conf.env }}", context))
                .isEqualTo("prod 20 prod");
    }

    @Test
    void pullsXComsWithKeywordArguments() {
        xcoms.with(Fixtures.DAG_ID, Fixtures.RUN_ID, "upstream", -1, "return_value", "\"value\"")
                .with(Fixtures.DAG_ID, Fixtures.RUN_ID, "upstream", -1, "path", "\"/tmp/x\"")
                .with(Fixtures.DAG_ID, Fixtures.RUN_ID, "mapped", 1, "return_value", "2")
                .with(Fixtures.DAG_ID, Fixtures.RUN_ID, "mapped", 0, "return_value", "1");
        assertThat(render("{{ ti.xcom_pull(task_ids='upstream', key='path') }}")).isEqualTo("/tmp/x");
        assertThat(render("{{ ti.xcom_pull('upstream') }}")).isEqualTo("value");
        assertThat(render("{{ ti.xcom_pull(task_ids='mapped') }}")).isEqualTo("[1, 2]");
        assertThat(render("{{ ti.xcom_pull(task_ids=['upstream', 'mapped']) }}")).isEqualTo("['value', [1, 2]]");
        assertThat(render("{{ ti.xcom_pull(task_ids='nothing') }}")).isEqualTo("None");
        assertThat(render("{{ ti.xcom_pull(task_ids='nothing', default='d') }}")).isEqualTo("d");
    }

    @Test
    void undefinedVariableFailsNamingTheFieldAndTheVariable() {
        assertThatThrownBy(() -> renderer.render("bash_command", "echo {{ not_a_key }}", context(NEW_YEAR, Map.of())))
                .isInstanceOf(TemplateRenderException.class)
                .hasMessage("Error rendering template field 'bash_command': 'not_a_key' is undefined");
        assertThatThrownBy(() -> render("{{ params.nope }}")).hasMessageContaining("'params.nope' is undefined");
    }

    @Test
    void runWithoutLogicalDateHasNoDateKeys() {
        Map<String, Object> context = context(null, Map.of());
        assertThat(context).doesNotContainKeys("ds", "ts", "logical_date", "data_interval_start");
        assertThatThrownBy(() -> renderer.render("f", "{{ ds }}", context)).hasMessageContaining("'ds' is undefined");
        assertThat(renderer.render("f", "{{ task_instance_key_str }}", context))
                .isEqualTo("example__extract__" + Fixtures.RUN_ID);
    }

    @Test
    void nativeRenderingReturnsTheValueOfASingleExpression() {
        Map<String, Object> context = context(NEW_YEAR, Map.of("items", List.of(1, 2), "n", 3));
        assertThat(renderer.renderField("op_args", "{{ params['items'] }}", context, true)).isEqualTo(List.of(1, 2));
        assertThat(renderer.renderField("op_args", "{{ params.n + 1 }}", context, true)).isEqualTo(4L);
        assertThat(renderer.renderField("op_args", "n={{ params.n }}", context, true)).isEqualTo("n=3");
        assertThat(renderer.renderField("op_args", "{{ params.n }}", context, false)).isEqualTo("3");
    }

    @Test
    void rendersStringsInsideListsAndMaps() {
        Object rendered = renderer.renderField("op_kwargs",
                Map.of("day", "{{ ds }}", "list", List.of("{{ ds_nodash }}", 5)), context(NEW_YEAR, Map.of()), false);
        assertThat(rendered).isEqualTo(Map.of("day", "2018-01-01", "list", List.of("20180101", 5)));
    }

    @Test
    void dagAndTaskAreObjectsAndValuesPrintAsPythonPrintsThem() {
        // each expected text is what Airflow 3.3.2 renders for the same DAG and task (checked in a venv)
        Dag dag = Dag.builder(Fixtures.DAG_ID).tags(List.of("b", "a")).description("desc")
                .task(Task.builder("t1", "airflow.providers.standard.operators.bash.BashOperator").retries(2)
                        .owner("me").build())
                .task(Task.builder("t2", "airflow.providers.standard.operators.bash.BashOperator").upstream("t1")
                        .build())
                .build();
        Map<String, Object> values = ContextValues.forTask(dag, dag.task("t1"), Fixtures.aRun(NEW_YEAR, Map.of()),
                Fixtures.aRunningInstance("t1", 1, 2, -1));
        Map<String, Object> context = TemplateContext.build(values,
                new XComPuller(xcoms, Fixtures.DAG_ID, Fixtures.RUN_ID, "t1"), variables, connections);

        assertThat(renderer.render("f", "{{ dag }}|{{ task }}|{{ dag.tags }}|{{ task.owner }}|{{ True }}|"
                + "{{ dag.catchup }}|{{ task.retries }}|{{ task.task_type }}|{{ task.downstream_task_ids }}|"
                + "{{ dag.description }}|{{ 1 == 1 }}|{{ [True, None] }}|{{ {'a': False} }}|{{ dag.max_active_runs }}|"
                + "{{ task.pool }}|{{ dag.dag_display_name }}|{{ dag.timezone }}|{{ task.operator_name }}|"
                + "{{ x is defined }}|{{ dag.dag_id is string }}|{{ dag.dag_id }}.{{ task.task_id }}", context))
                .isEqualTo("<DAG: " + Fixtures.DAG_ID + ">|<Task(BashOperator): t1>|{'a', 'b'}|me|True|False|2|"
                        + "BashOperator|{'t2'}|desc|True|[True, None]|{'a': False}|16|default_pool|"
                        + Fixtures.DAG_ID + "|UTC|BashOperator|False|True|" + Fixtures.DAG_ID + ".t1");
        assertThat(renderer.render("f", "{{ 'owner: ' ~ task.owner if task.owner is defined }}", context))
                .isEqualTo("owner: me");
        assertThatThrownBy(() -> renderer.render("bash_command", "{{ dag.no_such_attribute }}", context))
                .hasMessageContaining("no_such_attribute");
    }
}
