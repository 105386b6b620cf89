package io.updraft.cli;

import io.micronaut.context.ApplicationContext;
import io.updraft.server.UpdraftServer;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;

/** {@code updraft standalone}: the service (REST API) with the engine, as {@code airflow standalone}. */
@Command(name = "standalone", description = "Run the service: the REST API and the engine, on UPDRAFT_PORT "
        + "(default 8080). SIGTERM or Ctrl-C stops it gracefully.")
final class StandaloneCommand implements Callable<Integer> {

    @Override
    public Integer call() throws Exception {
        StopSignals signals = StopSignals.install(); // before the start: a signal during it stops once started
        ApplicationContext context = UpdraftServer.start();
        while (!signals.await(500, TimeUnit.MILLISECONDS) && context.isRunning()) {
            // serving until a signal (or until the context stops on its own)
        }
        UpdraftServer.stop(context);
        return 0;
    }
}
