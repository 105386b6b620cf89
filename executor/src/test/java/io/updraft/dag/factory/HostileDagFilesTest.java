package io.updraft.dag.factory;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.Dag;
import io.updraft.dag.DagBag;
import io.updraft.dag.ImportError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files an attacker or a careless user drops into the DAGs folder: each is an import error with file, line, reason. */
class HostileDagFilesTest {

    private static final String HEALTHY = "ok:\n  tasks: [{task_id: t, operator: airflow.operators.bash.BashOperator, "
            + "bash_command: echo}]\n";

    @TempDir
    Path tempDir;

    private DagBag load(LoadLimits limits) {
        return new DagFolderLoader(new TestOperatorCatalog(), Map.of(), DagFolder.CLOCK, 2, limits).load(tempDir);
    }

    private ImportError onlyErrorOf(String name, byte[] content) throws IOException {
        Files.write(tempDir.resolve(name), content);
        Files.writeString(tempDir.resolve("healthy.yml"), HEALTHY);
        DagBag bag = load(LoadLimits.DEFAULT);
        assertThat(bag.dags()).extracting(Dag::dagId).containsExactly("ok");
        assertThat(bag.importErrors()).hasSize(1);
        ImportError error = bag.importErrors().get(0);
        assertThat(error.filename()).isEqualTo(tempDir.resolve(name).toAbsolutePath().normalize().toString());
        return error;
    }

    @Test
    void aliasBombIsRefusedAtTheLineOfTheAliasOverTheLimit() throws IOException {
        StringBuilder yaml = new StringBuilder("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 0; i < 60; i++) {
            yaml.append("k").append(i).append(": [*a, *a, *a]\n");
        }
        ImportError error = onlyErrorOf("bomb.yml", yaml.toString().getBytes());
        assertThat(error.message()).contains("too many aliases");
        assertThat(error.line()).isEqualTo(18); // the 51st alias: the 3rd of line 18 (k16)
    }

    @Test
    void deepNestingIsRefusedAtTheLineWhereItGoesTooDeep() throws IOException {
        String yaml = "d:\n  description: " + "[".repeat(60) + "]".repeat(60) + "\n";
        ImportError error = onlyErrorOf("deep.yml", yaml.getBytes());
        assertThat(error.message()).contains("nested more than 50 levels deep");
        assertThat(error.line()).isEqualTo(2);
    }

    @Test
    void binaryFileIsRefusedNamingTheLineOfTheFirstNulByte() throws IOException {
        ImportError error = onlyErrorOf("blob.yml", new byte[] {'a', ':', ' ', '1', '\n', 'b', 0, 1, 2});
        assertThat(error.message()).contains("binary file");
        assertThat(error.line()).isEqualTo(2);
    }

    @Test
    void badUtf8IsRefusedNamingTheLineAndByte() throws IOException {
        byte[] latin1 = "d:\n  description: caf\u00e9\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        ImportError error = onlyErrorOf("latin1.yml", latin1);
        assertThat(error.message()).contains("not UTF-8 text", "0xe9");
        assertThat(error.line()).isEqualTo(2);
    }

    @Test
    void hugeFileIsRefusedFromItsSizeWithoutBeingRead() throws IOException {
        Path huge = tempDir.resolve("huge.yml");
        Files.writeString(huge, "d:\n  description: " + "x".repeat(2_000) + "\n");
        Files.writeString(tempDir.resolve("healthy.yml"), HEALTHY);
        // unreadable: were the loader to open it, the error would be "cannot read file", not the size
        huge.toFile().setReadable(false);
        try {
            DagBag bag = load(new LoadLimits(1_000, false));
            assertThat(bag.importErrors()).singleElement().extracting(ImportError::message).asString()
                    .contains("over the 1000-byte limit", "not read");
            assertThat(bag.dags()).extracting(Dag::dagId).containsExactly("ok");
        } finally {
            huge.toFile().setReadable(true);
        }
    }

    @Test
    void docFileOutsideTheFolderIsNotRead() throws IOException {
        Path secret = Files.createTempFile("updraft-secret", ".md");
        try {
            Files.writeString(secret, "root:x:0:0");
            Files.writeString(tempDir.resolve("doc.yml"), "d:\n  doc_md_file_path: " + secret + "\n");
            DagBag bag = load(LoadLimits.DEFAULT);
            assertThat(bag.dags()).isEmpty();
            assertThat(bag.importErrors()).singleElement().satisfies(error -> {
                assertThat(error.line()).isEqualTo(2);
                assertThat(error.message()).contains("outside the DAGs folder");
            });
        } finally {
            Files.delete(secret);
        }
    }
}
