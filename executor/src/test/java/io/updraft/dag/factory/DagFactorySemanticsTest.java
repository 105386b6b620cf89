package io.updraft.dag.factory;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.AssetCondition;
import io.updraft.dag.AssetRef;
import io.updraft.dag.Callback;
import io.updraft.dag.CallbackKind;
import io.updraft.dag.Dag;
import io.updraft.dag.DagBag;
import io.updraft.dag.ImportError;
import io.updraft.dag.LoadWarning;
import io.updraft.dag.PythonCallable;
import io.updraft.dag.Schedule;
import io.updraft.dag.Task;
import io.updraft.dag.TriggerRule;
import io.updraft.dag.WeightRule;
import io.updraft.dag.XComArg;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** dag-factory 1.x semantics, one feature per test, on real files in a temp folder. */
class DagFactorySemanticsTest {

    private static final String BASH = "airflow.operators.bash.BashOperator";

    @TempDir
    Path tempDir;
    private DagFolder folder;

    @BeforeEach
    void setUp() {
        folder = new DagFolder(tempDir);
    }

    private Dag loadOne(String yaml) {
        folder.write("dags/dag.yml", yaml);
        DagBag bag = folder.load();
        assertThat(bag.importErrors()).isEmpty();
        assertThat(bag.dags()).hasSize(1);
        return bag.dags().get(0);
    }

    @Test
    void dagValuesWinOverTheDefaultBlockAndMappingFormTasksMerge() {
        Dag dag = loadOne("""
                default:
                  description: from default
                  schedule: "@daily"
                  default_args: {owner: default_owner, retries: 2}
                  tasks:
                    shared: {operator: %1$s, bash_command: echo default}
                mine:
                  description: my own
                  default_args: {retries: 5}
                  tasks:
                    shared: {bash_command: echo mine}
                    extra: {operator: %1$s, bash_command: echo extra}
                """.formatted(BASH));
        assertThat(dag.description()).isEqualTo("my own");
        assertThat(dag.schedule().expression()).isEqualTo("0 0 * * *");
        assertThat(dag.task("shared").arguments()).containsEntry("bash_command", "echo mine");
        assertThat(dag.task("shared").operator()).isEqualTo(BASH);
        assertThat(dag.task("shared").retries()).isEqualTo(5);
        assertThat(dag.task("extra").owner()).isEqualTo("default_owner");
    }

    @Test
    void listFormTasksReplaceTheDefaultBlocksTasks() {
        Dag dag = loadOne("""
                default:
                  tasks:
                    - {task_id: from_default, operator: %1$s, bash_command: echo}
                mine:
                  tasks:
                    - {task_id: own, operator: %1$s, bash_command: echo}
                """.formatted(BASH));
        assertThat(dag.tasks()).containsOnlyKeys("own");
    }

    @Test
    void defaultsFilesLayerFromTheRootDownNearestWinning() {
        folder.write("defaults.yml", """
                schedule: "@hourly"
                tags: [root]
                default_args: {owner: root_owner, retries: 1, queue: root_queue}
                """);
        folder.write("team/defaults.yaml", """
                tags: [team]
                default_args: {owner: team_owner}
                """);
        Dag dag = loadOne0("team/dag.yml", """
                default:
                  default_args: {retries: 3}
                mine:
                  tasks:
                    - {task_id: t, operator: %s, bash_command: echo}
                """.formatted(BASH));
        Task task = dag.task("t");
        assertThat(task.owner()).isEqualTo("team_owner");
        assertThat(task.retries()).isEqualTo(3);
        assertThat(task.queue()).isEqualTo("root_queue");
        assertThat(dag.tags()).containsExactly("root", "team");
        assertThat(dag.schedule().expression()).isEqualTo("0 * * * *");
    }

    private Dag loadOne0(String path, String yaml) {
        folder.write(path, yaml);
        DagBag bag = folder.load();
        assertThat(bag.importErrors()).isEmpty();
        assertThat(bag.dags()).hasSize(1);
        return bag.dags().get(0);
    }

    @Test
    void listAndMappingFormsGiveTheSameDag() {
        folder.write("list.yml", """
                form:
                  task_groups:
                    - {group_name: g, tooltip: tip}
                  tasks:
                    - {task_id: a, operator: %1$s, bash_command: echo}
                    - {task_id: b, operator: %1$s, bash_command: echo, task_group_name: g, dependencies: [a]}
                """.formatted(BASH));
        folder.write("mapping.yml", """
                form:
                  task_groups:
                    g: {tooltip: tip}
                  tasks:
                    a: {operator: %1$s, bash_command: echo}
                    b: {operator: %1$s, bash_command: echo, task_group_name: g, dependencies: [a]}
                """.formatted(BASH));
        Dag list = folder.parse("list.yml").dags().get(0);
        Dag mapping = folder.parse("mapping.yml").dags().get(0);
        assertThat(mapping.tasks()).isEqualTo(list.tasks()).containsOnlyKeys("a", "g.b");
        assertThat(mapping.taskGroups()).isEqualTo(list.taskGroups());
    }

    @Test
    void nestedGroupsWireLeavesAndRootsAndPassGroupDefaultArgs() {
        Dag dag = loadOne("""
                nested:
                  default_args: {owner: dag_owner}
                  task_groups:
                    - group_name: outer
                      default_args: {owner: outer_owner, on_failure_callback: alerts.notify}
                    - group_name: inner
                      parent_group_name: outer
                      dependencies: [first]
                  tasks:
                    - {task_id: start, operator: %1$s, bash_command: echo}
                    - {task_id: first, operator: %1$s, bash_command: echo, task_group_name: outer, dependencies: [start]}
                    - {task_id: deep_a, operator: %1$s, bash_command: echo, task_group_name: inner}
                    - {task_id: deep_b, operator: %1$s, bash_command: echo, task_group_name: inner, dependencies: [deep_a]}
                    - {task_id: end, operator: %1$s, bash_command: echo, dependencies: [outer]}
                """.formatted(BASH));
        assertThat(dag.task("outer.inner.deep_a").upstream()).containsExactly("outer.first");
        assertThat(dag.task("outer.inner.deep_b").upstream()).containsExactly("outer.inner.deep_a");
        assertThat(dag.task("end").upstream()).containsExactly("outer.inner.deep_b");
        assertThat(dag.task("outer.first").owner()).isEqualTo("outer_owner");
        assertThat(dag.task("start").owner()).isEqualTo("dag_owner");
        assertThat(dag.task("outer.inner.deep_a").callbacks(CallbackKind.ON_FAILURE))
                .containsExactly(new Callback(PythonCallable.dotted("alerts.notify"), Map.of()));
        assertThat(dag.taskGroups()).containsOnlyKeys("outer", "outer.inner");
    }

    @Test
    void relativeStartDateIsStartOfTodayInTheDagTimezoneMinusTheDelta() {
        Dag dag = loadOne("""
                relative:
                  timezone: America/New_York
                  start_date: 1 days
                  end_date: "2030-01-01 06:00:00"
                """);
        // the clock says 2025-06-15T10:30Z, 06:30 in New York (EDT, UTC-4)
        assertThat(dag.startDate()).isEqualTo(Instant.parse("2025-06-14T04:00:00Z"));
        assertThat(dag.endDate()).isEqualTo(Instant.parse("2030-01-01T11:00:00Z"));
        assertThat(dag.timezone().getId()).isEqualTo("America/New_York");
    }

    @Test
    void absoluteStartDatesInEachForm() {
        folder.write("dags/dates.yml", """
                yaml_date: {start_date: 2024-03-01, timezone: Asia/Tokyo}
                iso_string: {start_date: '2024-03-01T12:00:00'}
                typed: {start_date: {__type__: datetime.datetime, year: 2024, month: 3, day: 1, hour: 6}}
                from_default_args: {default_args: {start_date: 2024-03-01, timezone: Europe/Paris}}
                """);
        Map<String, Instant> starts = folder.load().dags().stream()
                .collect(java.util.stream.Collectors.toMap(Dag::dagId, Dag::startDate));
        assertThat(starts).containsOnly(
                Map.entry("yaml_date", Instant.parse("2024-02-29T15:00:00Z")),
                Map.entry("iso_string", Instant.parse("2024-03-01T12:00:00Z")),
                Map.entry("typed", Instant.parse("2024-03-01T06:00:00Z")),
                Map.entry("from_default_args", Instant.parse("2024-02-29T23:00:00Z")));
    }

    @Test
    void startDatesAsAirflowAndDagFactoryReadThem() {
        // Airflow 3.3.2 + dag-factory 1.1.0 read these as: the written offset replaced by the DAG's timezone
        // (get_datetime's replace(tzinfo=...)), and an ambiguous local time as its second occurrence
        folder.write("dags/dates.yml", """
                offset_string: {start_date: '2024-03-09T01:30:00-05:00'}
                offset_yaml: {start_date: 2024-03-09T01:30:00-05:00, timezone: Europe/Paris}
                ambiguous: {start_date: '2024-11-03T01:30:00', timezone: America/New_York}
                """);
        Map<String, Instant> starts = folder.load().dags().stream()
                .collect(java.util.stream.Collectors.toMap(Dag::dagId, Dag::startDate));
        assertThat(starts).containsOnly(
                Map.entry("offset_string", Instant.parse("2024-03-09T01:30:00Z")),
                Map.entry("offset_yaml", Instant.parse("2024-03-09T00:30:00Z")),
                Map.entry("ambiguous", Instant.parse("2024-11-03T06:30:00Z")));
    }

    static Stream<Arguments> schedules() {
        return Stream.of(
                Arguments.of("'@daily'", Schedule.cron("0 0 * * *", "@daily")),
                Arguments.of("'@quarterly'", Schedule.cron("0 0 1 */3 *", "@quarterly")),
                Arguments.of("'@annually'", Schedule.cron("0 0 1 1 *", "@annually")),
                Arguments.of("'*/5 9-17 * * 1-5'", Schedule.cron("*/5 9-17 * * 1-5", "*/5 9-17 * * 1-5")),
                Arguments.of("'@once'", Schedule.once()),
                Arguments.of("'@continuous'", Schedule.continuous()),
                Arguments.of("None", Schedule.NONE),
                Arguments.of(" none ", Schedule.NONE),
                Arguments.of("null", Schedule.NONE),
                Arguments.of("{__type__: datetime.timedelta, hours: 1, minutes: 30}",
                        Schedule.delta(Duration.ofMinutes(90), "datetime.timedelta")),
                Arguments.of("{__type__: airflow.timetables.trigger.CronTriggerTimetable, cron: '0 1 * * 3', timezone: UTC}",
                        Schedule.cron("0 1 * * 3", "0 1 * * 3").withTimetableOptions(java.time.ZoneId.of("UTC"),
                                null)),
                Arguments.of("{__type__: airflow.sdk.CronTriggerTimetable, expression: '0 1 * * *', timezone: Asia/Kolkata, "
                        + "interval: {__type__: datetime.timedelta, hours: 1}}",
                        Schedule.cron("0 1 * * *", "0 1 * * *").withTimetableOptions(
                                java.time.ZoneId.of("Asia/Kolkata"), Duration.ofHours(1))),
                Arguments.of("{__type__: airflow.sdk.DeltaTriggerTimetable, delta: {__type__: datetime.timedelta, "
                        + "hours: 6}}", Schedule.delta(Duration.ofHours(6), "airflow.sdk.DeltaTriggerTimetable")));
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void scheduleForms(String yaml, Schedule expected) {
        assertThat(loadOne("scheduled:\n  schedule: " + yaml + "\n").schedule()).isEqualTo(expected);
    }

    @Test
    void assetScheduleLeavesTheDagWithoutTimetable() {
        folder.write("dags/asset.yml", "consumer:\n  schedule: ['s3://bucket/a.json']\n");
        DagBag bag = folder.load();
        assertThat(bag.dags()).singleElement().satisfies(dag -> {
            assertThat(dag.schedule()).isEqualTo(Schedule.ASSETS);
            assertThat(dag.assets().schedule()).isEqualTo(new AssetCondition.All(List.of(
                    new AssetCondition.Single(AssetRef.ofUri("s3://bucket/a.json")))));
        });
        assertThat(bag.warnings()).isEmpty();
    }

    @Test
    void taskSettingsComeFromTheTaskThenDefaultArgsThenAirflow() {
        Dag dag = loadOne("""
                settings:
                  default_args:
                    retries: 2
                    retry_delay: {__type__: datetime.timedelta, minutes: 1}
                    execution_timeout: 10 minutes
                    pool: shared
                    email: ops@example.com
                    params: {env: prod, region: eu}
                  tasks:
                    - task_id: custom
                      operator: %1$s
                      bash_command: echo
                      trigger_rule: none_failed
                      retries: 4
                      retry_delay: 30
                      weight_rule: absolute
                      priority_weight: 7
                      wait_for_downstream: true
                      do_xcom_push: false
                      task_display_name: Custom task
                      params: {region: us}
                    - {task_id: plain, operator: %1$s, bash_command: echo, dependencies: [custom]}
                """.formatted(BASH));
        Task custom = dag.task("custom");
        assertThat(custom.triggerRule()).isEqualTo(TriggerRule.NONE_FAILED);
        assertThat(custom.retries()).isEqualTo(4);
        assertThat(custom.retryDelay()).isEqualTo(Duration.ofSeconds(30));
        assertThat(custom.executionTimeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(custom.weightRule()).isEqualTo(WeightRule.ABSOLUTE);
        assertThat(custom.priorityWeight()).isEqualTo(7);
        assertThat(custom.dependsOnPast()).isTrue();
        assertThat(custom.doXcomPush()).isFalse();
        assertThat(custom.displayName()).isEqualTo("Custom task");
        assertThat(custom.params()).containsExactly(Map.entry("env", "prod"), Map.entry("region", "us"));
        assertThat(custom.arguments()).containsOnly(Map.entry("bash_command", "echo"),
                Map.entry("email", "ops@example.com"));
        Task plain = dag.task("plain");
        assertThat(plain.triggerRule()).isEqualTo(TriggerRule.ALL_SUCCESS);
        assertThat(plain.retries()).isEqualTo(2);
        assertThat(plain.retryDelay()).isEqualTo(Duration.ofMinutes(1));
        assertThat(plain.pool()).isEqualTo("shared");
        assertThat(plain.queue()).isEqualTo("default");
        assertThat(plain.weightRule()).isEqualTo(WeightRule.DOWNSTREAM);
    }

    @Test
    void callbacksInEveryForm() {
        Path callbacks = folder.write("dags/callbacks.py", "def on_retry(context):\n    pass\n");
        Dag dag = loadOne("""
                callbacks:
                  on_success_callback: alerts.dag_ok
                  default_args:
                    on_retry_callback_name: on_retry
                    on_retry_callback_file: $CONFIG_ROOT_DIR/callbacks.py
                  tasks:
                    - task_id: t
                      operator: %s
                      bash_command: echo
                      on_failure_callback:
                        - alerts.page
                        - {callback: alerts.slack, channel: '#ops'}
                """.formatted(BASH));
        assertThat(dag.callbacks(CallbackKind.ON_SUCCESS))
                .containsExactly(new Callback(PythonCallable.dotted("alerts.dag_ok"), Map.of()));
        Task task = dag.task("t");
        assertThat(task.callbacks(CallbackKind.ON_FAILURE)).containsExactly(
                new Callback(PythonCallable.dotted("alerts.page"), Map.of()),
                new Callback(PythonCallable.dotted("alerts.slack"), Map.of("channel", "#ops")));
        assertThat(task.callbacks(CallbackKind.ON_RETRY)).containsExactly(
                new Callback(PythonCallable.fromFile(callbacks.toString(), "on_retry"), Map.of()));
    }

    @Test
    void taskflowArgumentsBecomeOpKwargsWithXComReferences() {
        Dag dag = loadOne("""
                taskflow:
                  tasks:
                    - task_id: numbers
                      decorator: airflow.sdk.definitions.decorators.task
                      python_callable: sample.build_numbers
                      multiple_outputs: true
                    - task_id: total
                      decorator: airflow.sdk.definitions.decorators.task
                      python_callable: sample.add
                      numbers: +numbers
                      first: +numbers['first']
                      factor: 3
                      map_index_template: "{{ task.op_kwargs }}"
                    - task_id: each
                      decorator: airflow.sdk.definitions.decorators.task
                      python_callable: sample.double
                      partial: {factor: 2}
                      expand: {number: +numbers}
                """);
        Task total = dag.task("total");
        assertThat(total.upstream()).containsExactly("numbers");
        assertThat(total.pythonCallable()).isEqualTo(PythonCallable.dotted("sample.add"));
        assertThat(total.arguments()).containsOnly(
                Map.entry("map_index_template", "{{ task.op_kwargs }}"),
                Map.entry("op_kwargs", Map.of("numbers", XComArg.returnValue("numbers"),
                        "first", new XComArg("numbers", "first"), "factor", 3)));
        assertThat(dag.task("numbers").multipleOutputs()).isTrue();
        Task each = dag.task("each");
        assertThat(each.expand()).containsExactly(Map.entry("number", XComArg.returnValue("numbers")));
        assertThat(each.arguments()).containsExactly(Map.entry("op_kwargs", Map.of("factor", 2)));
        assertThat(each.upstream()).containsExactly("numbers");
    }

    @Test
    void xcomArgFormInPartialAddsTheUpstream() {
        Dag dag = loadOne("""
                mapped:
                  tasks:
                    - {task_id: source, operator: airflow.operators.python.PythonOperator, python_callable: m.make}
                    - task_id: use
                      operator: %s
                      partial: {env: XComArg(source)}
                      expand: {bash_command: [echo 1, echo 2]}
                """.formatted(BASH));
        Task use = dag.task("use");
        assertThat(use.arguments()).containsEntry("env", XComArg.returnValue("source"));
        assertThat(use.expand()).containsEntry("bash_command", List.of("echo 1", "echo 2"));
        assertThat(use.upstream()).containsExactly("source");
    }

    @Test
    void environmentVariablesExpandBeforeParsingAndUnsetOnesStay() {
        folder.environment(Map.of("TEAM", "data", "CMD", "echo hi"));
        Dag dag = loadOne("""
                env_${TEAM}:
                  description: owned by $TEAM, costs $NOT_SET
                  tasks:
                    - {task_id: t, operator: %s, bash_command: "$CMD"}
                """.formatted(BASH));
        assertThat(dag.dagId()).isEqualTo("env_data");
        assertThat(dag.description()).isEqualTo("owned by data, costs $NOT_SET");
        assertThat(dag.task("t").arguments()).containsEntry("bash_command", "echo hi");
    }

    @Test
    void configRootDirFromTheEnvironmentWinsOverTheFilesFolder() {
        Path elsewhere = folder.write("elsewhere/hello.py", "def hello():\n    pass\n");
        folder.environment(Map.of("CONFIG_ROOT_DIR", elsewhere.getParent().toString()));
        Dag dag = loadOne("""
                env_root:
                  tasks:
                    - task_id: t
                      operator: airflow.operators.python.PythonOperator
                      python_callable_name: hello
                      python_callable_file: ${CONFIG_ROOT_DIR}/hello.py
                """);
        assertThat(dag.task("t").pythonCallable()).isEqualTo(PythonCallable.fromFile(elsewhere.toString(), "hello"));
    }

    @Test
    void catchupWithoutStartDateIsAnImportErrorAsInAirflow() {
        folder.write("dags/dag.yml", "eager:\n  schedule: '@daily'\n  catchup: true\n  tasks: []\n");
        DagBag bag = folder.load();
        assertThat(bag.dags()).isEmpty();
        assertThat(bag.importErrors().toString()).contains("catchup", "start_date is required when catchup=True");
        assertThat(loadOne("lazy:\n  schedule: None\n  catchup: true\n").catchup()).as("no schedule: no catching up")
                .isTrue();
    }

    @Test
    void dagLevelSettings() {
        Dag dag = loadOne("""
                settings:
                  dag_display_name: Nice name
                  doc_md: "# Docs"
                  catchup: true
                  max_active_runs: 3
                  concurrency: 5
                  dagrun_timeout: {__type__: datetime.timedelta, hours: 2}
                  params: {limit: 10}
                  is_paused_upon_creation: false
                """);
        assertThat(dag.displayName()).isEqualTo("Nice name");
        assertThat(dag.docMd()).isEqualTo("# Docs");
        assertThat(dag.catchup()).isTrue();
        assertThat(dag.maxActiveRuns()).isEqualTo(3);
        assertThat(dag.maxActiveTasks()).isEqualTo(5);
        assertThat(dag.dagrunTimeout()).isEqualTo(Duration.ofHours(2));
        assertThat(dag.params()).containsExactly(Map.entry("limit", 10));
        assertThat(dag.isPausedUponCreation()).isFalse();
        assertThat(dag.warnings()).anyMatch(w -> w.contains("'concurrency' is deprecated"));
    }

    @Test
    void defaultsWhenNothingIsSaid() {
        Dag dag = loadOne("bare:\n  tasks: [{task_id: t, operator: airflow.operators.empty.EmptyOperator}]\n");
        assertThat(dag.schedule()).isEqualTo(Schedule.NONE);
        assertThat(dag.catchup()).isFalse();
        assertThat(dag.maxActiveRuns()).isEqualTo(16);
        assertThat(dag.maxActiveTasks()).isEqualTo(16);
        assertThat(dag.startDate()).isNull();
        assertThat(dag.task("t").retryDelay()).isEqualTo(Duration.ofMinutes(5));
        assertThat(dag.task("t").owner()).isEqualTo("airflow");
    }

    @Test
    void unknownAndRemovedKeysAreWarningsWithTheirLines() {
        String yaml = """
                warned:
                  owner_links: {a: b}
                  dagrun_timeout_sec: 60
                  default_args:
                    retry_delay_sec: 30
                    bash_command: echo
                  tasks:
                    - {task_id: t, operator: %s, bash_command: echo, my_custom_arg: 1}
                """.formatted(BASH);
        folder.write("dags/warned.yml", yaml);
        DagBag bag = folder.load();
        assertThat(bag.importErrors()).isEmpty();
        assertThat(bag.dags().get(0).task("t").arguments()).containsEntry("my_custom_arg", 1);
        assertThat(bag.warnings()).extracting(LoadWarning::line, LoadWarning::message).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(2, "unknown DAG key 'owner_links' ignored"),
                org.assertj.core.groups.Tuple.tuple(3, ConfigKeys.removedKeyWarning("dagrun_timeout_sec", "dagrun_timeout")),
                org.assertj.core.groups.Tuple.tuple(5, "default_args: " + ConfigKeys.removedKeyWarning("retry_delay_sec", "retry_delay")),
                org.assertj.core.groups.Tuple.tuple(6, "unknown default_args key 'bash_command' ignored (not a BaseOperator argument)"));
    }

    /** As dag-factory, which imports every string of user_defined_macros: a string that is no dotted path fails. */
    @Test
    void userDefinedMacrosAreDottedPathsNestedMappingsOrOtherValues() {
        Dag dag = loadOne("""
                macros:
                  user_defined_macros:
                    add_days: sample.add_days
                    utils: {shift: helpers.dates.shift}
                    team_size: 3
                  tasks:
                    - {task_id: t, operator: %s, bash_command: echo}
                """.formatted(BASH));
        assertThat(dag.userDefinedMacros()).isEqualTo(Map.of("add_days", "sample.add_days",
                "utils", Map.of("shift", "helpers.dates.shift"), "team_size", 3));
        assertThat(dag.warnings()).isEmpty();

        folder.write("dags/dag.yml", """
                macros:
                  user_defined_macros:
                    team: data
                  tasks:
                    - {task_id: t, operator: %s, bash_command: echo}
                """.formatted(BASH));
        assertThat(folder.load().importErrors()).singleElement().extracting(ImportError::stackTrace).asString()
                .contains("dag.yml:3:5", "'data' is not a callable's dotted path");
    }

    @Test
    void versionHashFollowsTheResolvedConfig() {
        String yaml = "versioned:\n  description: one\n";
        String first = loadOne0("a/v.yml", yaml).versionHash();
        assertThat(loadOne0("a/v.yml", "versioned:   {description: one}\n").versionHash()).isEqualTo(first);
        folder.write("a/defaults.yml", "description: ignored\ncatchup: true\n");
        assertThat(loadOne0("a/v.yml", yaml).versionHash()).isNotEqualTo(first).matches("[0-9a-f]{64}");
    }
}
