package io.updraft.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.updraft.cli.UpdraftCli;
import java.util.List;
import org.junit.jupiter.api.Test;

class UpdraftJvmTest {

    @Test
    void theBenchmarksStartTheCliByItsMainClass() {
        List<String> command = UpdraftJvm.command(List.of("-Xmx64m"), "standalone");
        assertEquals(List.of("-Xmx64m", "-cp", System.getProperty("java.class.path"), UpdraftCli.class.getName(),
                "standalone"), command.subList(1, command.size()));
    }
}
