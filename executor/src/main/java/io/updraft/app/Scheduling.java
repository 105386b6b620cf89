package io.updraft.app;

import io.updraft.dag.DagBag;
import io.updraft.run.RunEngine;
import io.updraft.schedule.BackfillDriver;
import io.updraft.schedule.Backfills;
import io.updraft.schedule.DagRunScheduler;
import io.updraft.schedule.QuartzDagScheduler;
import io.updraft.schedule.RunSink;
import io.updraft.schedule.ScheduleStore;
import io.updraft.store.JdbiBackfillStore;
import io.updraft.store.JdbiQuartzTables;
import io.updraft.store.JdbiScheduleStore;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * Scheduled runs for an engine: Quartz (JDBC job store in Updraft's database) fires each unpaused DAG's trigger, and
 * the due runs go to the engine. Follows DAG reloads and pause changes. Used by the service and by
 * {@code updraft scheduler}; close it before the engine.
 */
public final class Scheduling implements AutoCloseable {

    private final QuartzDagScheduler quartz;
    private final Backfills backfills;
    private final BackfillDriver backfillDriver;
    private final java.util.concurrent.ScheduledExecutorService resumer =
            java.util.concurrent.Executors.newSingleThreadScheduledExecutor(task -> {
                Thread thread = new Thread(task, "updraft-backfill-resume");
                thread.setDaemon(true);
                return thread;
            });
    /** How often queues and decided asset-triggered runs are looked at besides right after each commit. */
    private static final Duration ASSET_SWEEP = Duration.ofSeconds(2);
    /** Whether stored backfills are resumed, also when a DAG they wait for is loaded later. */
    private volatile boolean resumesBackfills;

    private final io.updraft.asset.AssetTriggers assetTriggers;

    private Scheduling(QuartzDagScheduler quartz, Backfills backfills, BackfillDriver backfillDriver,
                       io.updraft.asset.AssetTriggers assetTriggers) {
        this.assetTriggers = assetTriggers;
        this.quartz = quartz;
        this.backfills = backfills;
        this.backfillDriver = backfillDriver;
    }

    /**
     * @param instanceName Quartz's scheduler name; blank means a random name whose Quartz rows are deleted on
     *     shutdown (the store's runs are the schedule's memory). Every node of a cluster should share one name.
     */
    public static Scheduling start(Updraft updraft, RunEngine engine, String instanceName, int threadCount) {
        boolean random = instanceName == null || instanceName.isBlank();
        String name = random ? "updraft-" + UUID.randomUUID().toString().substring(0, 8) : instanceName;
        ScheduleStore store = new JdbiScheduleStore(updraft.database());
        RunSink sink = RunSink.engine(engine);
        DagRunScheduler runs = new DagRunScheduler(updraft.dags(), store, sink, Clock.systemUTC());
        QuartzDagScheduler quartz = QuartzDagScheduler.start(new JdbiQuartzTables(updraft.database()), runs,
                updraft::dag, new QuartzDagScheduler.Settings(name, threadCount, random), Clock.systemUTC());
        Backfills backfills = new Backfills(updraft.runs(), store, sink, Duration.ofSeconds(1));
        BackfillDriver driver = new BackfillDriver(backfills, new JdbiBackfillStore(updraft.database()),
                updraft.runs(), updraft::dag, engine::drivesDag, Duration.ofMillis(250), Clock.systemUTC());
        // asset-triggered runs start as soon as the commit that queued their events returns
        io.updraft.asset.AssetTriggers assetTriggers = new io.updraft.asset.AssetTriggers(updraft.assets(),
                updraft::dag, engine::trigger, Clock.systemUTC()).start(ASSET_SWEEP);
        Scheduling scheduling = new Scheduling(quartz, backfills, driver, assetTriggers);
        quartz.sync(updraft.loadedDags());
        updraft.addListener(new DagListener() {
            @Override
            public void dagsLoaded(DagBag bag) {
                quartz.sync(updraft.loadedDags());
                if (scheduling.resumesBackfills) {
                    driver.resumeUnfinished();
                }
            }

            @Override
            public void pauseChanged(String dagId, boolean paused) {
                quartz.onPauseChanged(dagId, paused);
            }
        });
        return scheduling;
    }

    /** Backfill planning ({@link Backfills#plan}, the dry run) and creation ({@link Backfills#create}, blocking). */
    public Backfills backfills() {
        return backfills;
    }

    /** The stored backfills (the REST API's): created, paused and cancelled through it. */
    public BackfillDriver backfillDriver() {
        return backfillDriver;
    }

    /**
     * Continues the uncompleted backfills in the store (Airflow's scheduler keeps them alive), now and whenever
     * DAGs are loaded. Only the service calls this, so that one process drives a backfill.
     */
    public void resumeBackfills() {
        resumesBackfills = true;
        backfillDriver.resumeUnfinished();
        // a backfill stored by another node, or left by a dead one, is taken on within seconds
        resumer.scheduleWithFixedDelay(() -> {
            try {
                backfillDriver.resumeUnfinished();
            } catch (RuntimeException e) {
                org.slf4j.LoggerFactory.getLogger(Scheduling.class).warn("Resuming backfills failed", e);
            }
        }, 2, 2, java.util.concurrent.TimeUnit.SECONDS);
    }

    public QuartzDagScheduler quartz() {
        return quartz;
    }

    /** Stops creating backfill and asset-triggered runs, waits for running DAG jobs, then stops Quartz. */
    @Override
    public void close() {
        assetTriggers.close();
        resumer.shutdownNow();
        backfillDriver.close();
        quartz.close();
    }
}
