package io.updraft.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command line of an {@code updraft} command in a fresh JVM on this JVM's class path. The benchmarks name the
 * program by its main class, as the {@code updraft} launcher does, rather than importing the CLI (which imports the
 * benchmarks); {@code UpdraftJvmTest} checks that the name is the CLI's.
 */
final class UpdraftJvm {

    static final String MAIN_CLASS = "io.updraft.cli.UpdraftCli";

    private UpdraftJvm() {
    }

    /** {@code java <jvmOptions> -cp <class path> <main class> <args>}. */
    static List<String> command(List<String> jvmOptions, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN_CLASS));
        command.addAll(List.of(args));
        return command;
    }
}
