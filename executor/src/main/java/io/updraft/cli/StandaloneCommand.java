package io.updraft.cli;

import io.micronaut.context.ApplicationContext;
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
        ApplicationContext context = UpdraftServer.start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            context.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
