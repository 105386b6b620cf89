package io.updraft.server;

import io.micronaut.context.ApplicationContext;
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
}
