package io.updraft.server;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.updraft.app.Scheduling;
import io.updraft.app.DagListeners;
import io.updraft.app.Updraft;
import io.updraft.api.model.ModelRegistry;
import io.updraft.asset.Assets;
import io.updraft.audit.AuditLog;
import io.updraft.auth.UserStore;
import io.updraft.config.UpdraftConfig;
import io.updraft.ml.ModelServing;
import io.updraft.ml.PredictionAudit;
import io.updraft.dag.Dag;
import io.updraft.dag.LoadedDags;
import io.updraft.dag.Pausing;
import io.updraft.dispatch.RunningQueues;
import io.updraft.run.RunEngine;
import io.updraft.run.RunStore;
import io.updraft.schedule.BackfillStore;
import io.updraft.config.ConnectionStore;
import io.updraft.operator.OperatorRegistry;
import io.updraft.dag.DagStore;
import io.updraft.dag.DagWarningStore;
import io.updraft.store.Database;
import io.updraft.dag.ImportErrorStore;
import io.updraft.job.HeartbeatAge;
import io.updraft.job.JobStore;
import io.updraft.store.JdbiAuditLog;
import io.updraft.store.JdbiBackfillStore;
import io.updraft.store.JdbiUiReads;
import io.updraft.ui.reads.UiReads;
import io.updraft.store.JdbiUserStore;
import io.updraft.store.Listings;
import io.updraft.store.JdbiListings;
import io.updraft.listing.Lists;
import io.updraft.config.PoolStore;
import io.updraft.config.VariableStore;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * Hands Updraft's plain-Java core to Micronaut: the service opens the store, loads the DAGs folder, and runs an
 * engine that also continues the runs a dead process left and picks up runs queued by other processes. The edges
 * (REST controllers) are given the narrow parts they use (a store interface, the loaded DAGs, the list reads),
 * never the whole {@link Updraft}.
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

    /** The engine's worker queues for the Task Execution API, once the engine runs. */
    @Singleton
    RunningQueues runningQueues(Updraft updraft) {
        return updraft::workerQueues;
    }

    @Singleton
    Database database(Updraft updraft) {
        return updraft.database();
    }

    @Singleton
    AuditLog auditLog(Database database) {
        return new JdbiAuditLog(database);
    }

    @Singleton
    UserStore users(Database database) {
        return new JdbiUserStore(database);
    }

    @Singleton
    UiReads uiReads(Database database) {
        return new JdbiUiReads(database);
    }

    @Singleton
    UpdraftConfig config(Updraft updraft) {
        return updraft.config();
    }

    @Singleton
    LoadedDags loadedDags(Updraft updraft) {
        return new LoadedDags() {
            @Override
            public Optional<Dag> find(String dagId) {
                return updraft.dag(dagId);
            }

            @Override
            public boolean hasImportErrors(String fileloc) {
                return updraft.hasImportErrors(fileloc);
            }
        };
    }

    /** Quartz, backfills and asset triggers on the engine; {@link SchedulerService} describes the settings. */
    @Singleton
    @Requires(property = "updraft.scheduler.enabled", notEquals = "false")
    Scheduling scheduling(Updraft updraft, RunEngine engine,
                          @Value("${updraft.scheduler.instance-name:}") String instanceName,
                          @Value("${updraft.scheduler.thread-count:2}") int threadCount) {
        return Scheduling.start(updraft, engine, instanceName, threadCount);
    }

    @Singleton
    HeartbeatAge heartbeatAge(Updraft updraft) {
        return updraft::heartbeatAge;
    }

    @Singleton
    DagListeners dagListeners(Updraft updraft) {
        return updraft::addListener;
    }

    /** Pauses and unpauses DAGs, telling the scheduler. */
    @Singleton
    Pausing pausing(Updraft updraft) {
        return updraft::setPaused;
    }

    @Singleton
    JobStore jobs(Updraft updraft) {
        return updraft.jobs();
    }

    @Singleton
    ModelRegistry modelRegistry(Updraft updraft) {
        return updraft.modelRegistry();
    }

    @Singleton
    PredictionAudit predictionAudit(Updraft updraft) {
        return updraft.modelRegistry();
    }

    /** The prediction service, started on the first request that needs it (Updraft closes it). */
    @Singleton
    ModelServing modelServing(Updraft updraft) {
        return updraft.modelServing();
    }

    @Singleton
    RunStore runs(Updraft updraft) {
        return updraft.runs();
    }

    @Singleton
    DagStore dags(Updraft updraft) {
        return updraft.dags();
    }

    @Singleton
    ImportErrorStore importErrors(Updraft updraft) {
        return updraft.importErrors();
    }

    @Singleton
    DagWarningStore dagWarnings(Updraft updraft) {
        return updraft.dagWarnings();
    }

    /** The operator classes known to the loader (names shown by the UI). */
    @Singleton
    OperatorRegistry operators(Updraft updraft) {
        return updraft.operators();
    }

    @Singleton
    VariableStore variables(Updraft updraft) {
        return updraft.variables();
    }

    @Singleton
    ConnectionStore connections(Updraft updraft) {
        return updraft.connections();
    }

    @Singleton
    PoolStore pools(Updraft updraft) {
        return updraft.pools();
    }

    @Singleton
    Assets assets(Updraft updraft) {
        return updraft.assets();
    }

    @Singleton
    BackfillStore backfills(Updraft updraft) {
        return new JdbiBackfillStore(updraft.database());
    }

    /** The list endpoints' reads in API terms (typed filters and sort keys); the SQL stays in the store. */
    @Singleton
    Lists lists(Updraft updraft, Assets assets) {
        return new JdbiListings(new Listings(updraft.database()), assets.queries());
    }
}
