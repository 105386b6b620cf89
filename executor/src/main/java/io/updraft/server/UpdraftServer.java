package io.updraft.server;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.EmbeddedApplication;
import io.micronaut.runtime.Micronaut;
import io.updraft.run.RunEngine;

/** Starts the HTTP service (REST API) with the engine running inside it. */
public final class UpdraftServer {

    private UpdraftServer() {
    }

    /** Starts and returns the running context; close it to stop. */
    public static ApplicationContext start() {
        ApplicationContext context = Micronaut.build(new String[0]).mainClass(UpdraftServer.class).deduceEnvironment(false)
                .banner(false).start();
        context.getBean(RunEngine.class); // the engine starts with the service, not on first request
        return context;
    }

    /**
     * Stops the service in order, as Micronaut's shutdown hook would but on the caller's thread: the HTTP server
     * stops taking requests, then the beans are destroyed newest first (the DAGs folder watch, Quartz, then
     * {@link io.updraft.app.Updraft}: the engine hands back its running tries, the job's end is recorded, the store
     * closes).
     */
    public static void stop(ApplicationContext context) {
        context.findBean(EmbeddedApplication.class).ifPresent(EmbeddedApplication::stop);
        if (context.isRunning()) {
            context.close();
        }
    }
}
