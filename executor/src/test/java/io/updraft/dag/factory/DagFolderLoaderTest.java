package io.updraft.dag.factory;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.bench.DagLoadBenchmark;
import io.updraft.dag.Dag;
import io.updraft.dag.DagBag;
import io.updraft.dag.ImportError;
import io.updraft.dag.OperatorCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which files a folder load reads, and that it stays fast. */
class DagFolderLoaderTest {

    @TempDir
    Path tempDir;
    private DagFolder folder;

    @BeforeEach
    void setUp() {
        folder = new DagFolder(tempDir);
    }

    private static String dag(String dagId) {
        return dagId + ":\n  tasks: [{task_id: t, operator: airflow.operators.empty.EmptyOperator}]\n";
    }

    @Test
    void walksSubfoldersReadsYmlAndYamlAndSkipsDefaultsAndOtherFiles() {
        folder.write("top.yml", dag("top"));
        folder.write("a/b/deep.yaml", dag("deep"));
        folder.write("a/defaults.yml", dag("not_a_dag"));
        folder.write("a/defaults.yaml", dag("not_a_dag_either"));
        folder.write("a/notes.txt", dag("text"));
        assertThat(folder.load().dags()).extracting(Dag::dagId).containsExactlyInAnyOrder("top", "deep");
    }

    @Test
    void honoursAirflowIgnoreGlobsInTheFolderAndBelow() {
        folder.write(".airflowignore", """
                # generated files
                *_draft.yml
                archive/
                team/legacy_*
                """);
        folder.write("kept.yml", dag("kept"));
        folder.write("x_draft.yml", dag("draft"));
        folder.write("sub/y_draft.yml", dag("nested_draft"));
        folder.write("archive/old.yml", dag("archived"));
        folder.write("team/legacy_1.yml", dag("legacy"));
        folder.write("team/.airflowignore", "!keep_draft.yml\nlocal.yml\n");
        folder.write("team/keep_draft.yml", dag("re_included"));
        folder.write("team/local.yml", dag("local"));
        folder.write("team/current.yml", dag("current"));
        assertThat(folder.load().dags()).extracting(Dag::dagId)
                .containsExactlyInAnyOrder("kept", "re_included", "current");
    }

    @Test
    void followsSymlinksInsideTheFolderWithoutLoopingForeverAndRefusesThoseLeavingIt() throws IOException {
        Path outside = Files.createDirectories(tempDir.resolve("outside"));
        Files.writeString(outside.resolve("linked.yml"), dag("linked"));
        Path dags = Files.createDirectories(tempDir.resolve("dags"));
        Files.createDirectories(dags.resolve("team"));
        Files.writeString(dags.resolve("team/inside.yml"), dag("inside"));
        Files.createSymbolicLink(dags.resolve("shared"), outside);
        Files.createSymbolicLink(dags.resolve("loop"), dags);
        Files.createSymbolicLink(dags.resolve("alias.yml"), dags.resolve("team/inside.yml"));
        Files.createSymbolicLink(dags.resolve("secret.yml"), outside.resolve("linked.yml"));
        Files.writeString(dags.resolve("own.yml"), dag("own"));
        DagBag bag = new DagFolder(dags).load();
        assertThat(bag.dags()).extracting(Dag::dagId).containsExactlyInAnyOrder("own", "inside");
        // the link inside the folder is read (it comes first in path order), so team/inside.yml defines 'inside'
        // a second time
        assertThat(bag.importErrors()).extracting(ImportError::filename).containsExactlyInAnyOrder(
                dags.resolve("shared").toString(), dags.resolve("secret.yml").toString(),
                dags.resolve("team/inside.yml").toString());
        assertThat(bag.importErrors()).filteredOn(e -> e.filename().endsWith("secret.yml")).singleElement()
                .extracting(ImportError::message).asString()
                .contains("symbolic link to " + outside.toRealPath().resolve("linked.yml"), "outside the DAGs folder",
                        "UPDRAFT_DAGS_ALLOW_OUTSIDE_FOLDER");

        DagBag allowed = new DagFolderLoader(new TestOperatorCatalog(), java.util.Map.of(), DagFolder.CLOCK, 2,
                new LoadLimits(LoadLimits.DEFAULT.maxFileBytes(), true)).load(dags);
        assertThat(allowed.dags()).extracting(Dag::dagId).containsExactlyInAnyOrder("own", "inside", "linked");
    }

    @Test
    void benchmarkLoadsAThousandFilesOfTenTasks() {
        DagLoadBenchmark.Result result = DagLoadBenchmark.run(tempDir, 1_000, 10);
        System.out.printf("DagLoadBenchmark: %d files, %d DAGs, %d tasks in %d ms%n",
                result.files(), result.dags(), result.tasks(), result.millis());
        assertThat(result.dags()).isEqualTo(1_000);
        assertThat(result.tasks()).isEqualTo(10_000);
    }

    @Test
    void generatedBenchmarkDagChainsThenFansOut() {
        folder.write("one.yml", DagLoadBenchmark.dagFile(7, 6));
        Dag dag = new DagFolderLoader(new BenchmarkOnlyCatalog(), java.util.Map.of(), DagFolder.CLOCK, 1)
                .load(tempDir).dags().get(0);
        assertThat(dag.task("task_2").upstream()).containsExactly("task_1");
        assertThat(dag.task("task_3").upstream()).containsExactly("task_2");
        assertThat(dag.task("task_5").upstream()).containsExactly("task_2");
        assertThat(dag.leaves()).containsExactlyInAnyOrder("task_3", "task_4", "task_5");
        assertThat(dag.task("task_0").owner()).isEqualTo("benchmark");
    }

    /** Knows the one operator the benchmark generates. */
    private static final class BenchmarkOnlyCatalog implements OperatorCatalog {
        @Override
        public boolean isKnown(String operatorName) {
            return operatorName.equals(DagLoadBenchmark.BASH_OPERATOR);
        }

        @Override
        public void validate(String operatorName, java.util.Map<String, Object> arguments) {
        }
    }
}
