package io.updraft.dag.factory;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.AssetCondition;
import io.updraft.dag.AssetRef;
import io.updraft.dag.Dag;
import io.updraft.dag.DagAssets;
import io.updraft.dag.DagBag;
import io.updraft.dag.Schedule;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * dag-factory 1.1's asset forms on Airflow 3.3.2, each checked by loading the same YAML there: URIs normalized as
 * Airflow's {@code _sanitize_uri}, name and URI defaulting to each other, lists meaning all, {@code __and__} /
 * {@code __or__}, {@code AssetAll} / {@code AssetAny}, {@code AssetAlias}, Airflow 2's Dataset with a warning.
 */
class AssetLoadingTest {

    private static final String BASH = "airflow.providers.standard.operators.bash.BashOperator";
    private static final AssetRef ORDERS = new AssetRef("orders", "s3://bucket/orders", "asset", Map.of());
    private static final AssetRef A = AssetRef.ofUri("s3://a/x");
    private static final AssetRef B = AssetRef.ofUri("s3://b/y");

    @TempDir
    Path tempDir;
    private DagFolder folder;

    @BeforeEach
    void setUp() {
        folder = new DagFolder(tempDir);
    }

    static Stream<Arguments> schedules() {
        AssetCondition a = new AssetCondition.Single(A);
        AssetCondition b = new AssetCondition.Single(B);
        return Stream.of(
                Arguments.of("['s3://a/x', 's3://b/y']", new AssetCondition.All(List.of(a, b))),
                Arguments.of("[{__type__: airflow.sdk.Asset, uri: 'S3://bucket/orders/', name: orders}]",
                        new AssetCondition.All(List.of(new AssetCondition.Single(ORDERS)))),
                Arguments.of("{__or__: ['s3://a/x', {__and__: ['s3://b/y', 's3://a/x']}]}",
                        new AssetCondition.Any(List.of(a, new AssetCondition.All(List.of(b, a))))),
                Arguments.of("{__type__: airflow.sdk.AssetAny, __args__: ['s3://a/x', "
                        + "{__type__: airflow.sdk.Asset, __args__: ['s3://b/y']}]}",
                        new AssetCondition.Any(List.of(a, b))),
                Arguments.of("{__type__: airflow.sdk.Asset, name: only_a_name}",
                        new AssetCondition.Single(new AssetRef("only_a_name", "only_a_name", "asset", Map.of()))),
                Arguments.of("[{__type__: airflow.sdk.AssetAlias, name: daily}]",
                        new AssetCondition.All(List.of(new AssetCondition.Alias("daily", "asset")))));
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void scheduleForms(String yaml, AssetCondition expected) {
        folder.write("dags/d.yml", "d:\n  schedule: " + yaml + "\n  tasks: [{task_id: t, operator: " + BASH
                + ", bash_command: echo}]\n");
        DagBag bag = folder.load();
        assertThat(bag.importErrors()).isEmpty();
        Dag dag = bag.dags().get(0);
        assertThat(dag.assets().schedule()).isEqualTo(expected);
        assertThat(dag.schedule()).isEqualTo(Schedule.ASSETS);
    }

    @Test
    void outletsAndInletsOfEachForm() {
        folder.write("dags/d.yml", """
                d:
                  tasks:
                    - task_id: t
                      operator: %s
                      bash_command: echo
                      outlets:
                        - "s3://a/x"
                        - {__type__: airflow.sdk.Asset, uri: "s3://bucket/orders", name: orders, extra: {team: x}}
                        - {__type__: airflow.sdk.AssetAlias, name: daily}
                        - {__type__: airflow.datasets.Dataset, __args__: ["s3://b/y"]}
                      inlets: {__type__: airflow.sdk.Asset, uri: "s3://bucket/orders", name: orders}
                """.formatted(BASH));
        DagBag bag = folder.load();
        assertThat(bag.importErrors()).isEmpty();
        DagAssets.TaskAssets task = bag.dags().get(0).assets().tasks().get("t");
        assertThat(task.outlets()).containsExactly(A, new AssetRef("orders", "s3://bucket/orders", "asset",
                Map.of("team", "x")), B);
        assertThat(task.outletAliases()).containsExactly("daily");
        assertThat(task.inlets()).containsExactly(ORDERS);
        assertThat(bag.dags().get(0).task("t").arguments()).containsKey("outlets"); // kept as written
        assertThat(bag.warnings()).singleElement().satisfies(w -> {
            assertThat(w.message()).contains("airflow.datasets.Dataset", "airflow.sdk.Asset");
            assertThat(w.line()).isEqualTo(10);
        });
    }

    @Test
    void aBadAssetIsAnImportErrorNamingItsLine() {
        folder.write("dags/d.yml", """
                d:
                  schedule: [{__type__: airflow.sdk.Asset, uri: "airflow://reserved"}]
                  tasks:
                    - task_id: t
                      operator: %s
                      bash_command: echo
                      outlets: [{__type__: airflow.sdk.Asset}]
                """.formatted(BASH));
        DagBag bag = folder.load();
        assertThat(bag.dags()).isEmpty();
        assertThat(bag.importErrors()).extracting(error -> error.line() + ": " + error.message()).containsExactly(
                "2: DAG 'd': airflow.sdk.Asset: Asset scheme 'airflow' is reserved",
                "7: DAG 'd': airflow.sdk.Asset: an asset needs a name or a uri");
    }

    @Test
    void dagFactoryDataFileIsNotADag() {
        folder.write("dags/config_datasets.yml", """
                datasets:
                  - name: orders
                    uri: s3://bucket/orders
                """);
        DagBag bag = folder.load();
        assertThat(bag.importErrors()).isEmpty();
        assertThat(bag.dags()).isEmpty();
    }

    @Test
    void urisAreNormalizedAsAirflowDoes() {
        assertThat(AssetRef.ofUri("S3://Bucket/raw//?b=2&a=1#frag").uri()).isEqualTo("s3://Bucket/raw?a=1&b=2");
        assertThat(AssetRef.ofUri("s3://user:secret@bucket/x").uri()).isEqualTo("s3://bucket/x");
        assertThat(AssetRef.ofUri("just a name").uri()).isEqualTo("just a name");
        assertThat(AssetRef.ofUri("x-custom://Keep/As/Is/").uri()).isEqualTo("x-custom://Keep/As/Is/");
    }
}
