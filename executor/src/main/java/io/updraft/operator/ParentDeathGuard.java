package io.updraft.operator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes a task's process tree die with the engine that started it, even when the engine is killed with SIGKILL:
 * otherwise its processes would run on beside the try that another engine starts when it takes the run over. On
 * Linux the command runs in a process group of its own (util-linux {@code setsid}) under a small bash guard that
 * gets SIGTERM when its parent dies ({@code setpriv --pdeathsig}) and then kills the whole group. Elsewhere, or
 * without util-linux, the command runs as it is.
 */
final class ParentDeathGuard {

    private static final Path SETSID = Path.of("/usr/bin/setsid");
    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");
    private static final boolean AVAILABLE = System.getProperty("os.name", "").startsWith("Linux")
            && Files.isExecutable(SETSID) && Files.isExecutable(SETPRIV);
    /** Runs the command given as $0 and passes its exit code on; on SIGTERM kills the group. */
    private static final String GUARD = "trap 'kill -KILL 0' TERM; \"$0\" \"$@\" & wait $!; exit $?";

    private ParentDeathGuard() {
    }

    /** Whether commands run under the guard on this machine. */
    static boolean available() {
        return AVAILABLE;
    }

    static List<String> wrap(List<String> command) {
        if (!AVAILABLE) {
            return command;
        }
        List<String> guarded = new ArrayList<>(List.of(SETSID.toString(), "--wait", SETPRIV.toString(),
                "--pdeathsig", "TERM", "--", "bash", "-c", GUARD));
        guarded.addAll(command);
        return guarded;
    }
}
