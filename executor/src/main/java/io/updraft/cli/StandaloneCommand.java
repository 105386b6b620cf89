package io.updraft.cli;

import io.updraft.server.UpdraftServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;

/** {@code updraft standalone}: the service (REST API) with the engine, as {@code airflow standalone}. */
@Command(name = "standalone", description = "Run the service: the REST API and the engine, on UPDRAFT_PORT "
        + "(default 8080).")
final class StandaloneCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        UpdraftServer.start();
        // Micronaut's own shutdown hook stops the server and closes the context on SIGTERM; a second hook closing
        // the context as well deadlocked against it, so this thread just waits for the JVM to exit
        new CountDownLatch(1).await();
        return 0;
    }
}
