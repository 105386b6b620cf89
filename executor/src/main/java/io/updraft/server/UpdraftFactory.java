package io.updraft.server;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.updraft.app.Updraft;
import io.updraft.run.RunEngine;
import jakarta.inject.Singleton;

/**
 * Hands Updraft's plain-Java core to Micronaut: the service opens the store, loads the DAGs folder, and runs an
 * engine that also continues the runs a dead process left and picks up runs queued by other processes.
 */
@Factory
public class UpdraftFactory {

    @Singleton
    @Bean(preDestroy = "close")
    Updraft updraft(UpdraftProperties properties) {
        Updraft updraft = Updraft.open(properties.toConfig());
        updraft.loadDags();
        return updraft;
    }

    @Singleton
    RunEngine engine(Updraft updraft, UpdraftProperties properties) {
        RunEngine engine = updraft.startEngine(true, properties.getParallelism());
        engine.recover();
        return engine;
    }
}
