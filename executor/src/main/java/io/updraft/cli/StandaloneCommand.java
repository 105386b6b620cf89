package io.updraft.cli;

import io.micronaut.context.ApplicationContext;
import io.updraft.server.UpdraftServer;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code updraft standalone}: the service (REST API) with the engine, as {@code airflow standalone}. */
@Command(name = "standalone", description = "Run the service: the REST API and the engine, on UPDRAFT_PORT "
        + "(default 8080).")
final class StandaloneCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        ApplicationContext context = UpdraftServer.start();
        // Micronaut's own shutdown hook stops the context on SIGTERM; a second hook would deadlock with it
        while (context.isRunning()) {
            Thread.sleep(500);
        }
        return 0;
    }
}
