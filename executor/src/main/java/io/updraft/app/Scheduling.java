package io.updraft.app;

import io.updraft.dag.DagBag;
import io.updraft.run.RunEngine;
import io.updraft.schedule.Backfills;
import io.updraft.schedule.DagRunScheduler;
import io.updraft.schedule.QuartzDagScheduler;
import io.updraft.schedule.RunSink;
import io.updraft.schedule.ScheduleStore;
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

    private Scheduling(QuartzDagScheduler quartz, Backfills backfills) {
        this.quartz = quartz;
        this.backfills = backfills;
    }

    /**
     * @param instanceName Quartz's scheduler name; blank means a random name whose Quartz rows are deleted on
     *     shutdown (the store's runs are the schedule's memory). Every node of a cluster should share one name.
     */
    public static Scheduling start(Updraft updraft, RunEngine engine, String instanceName, int threadCount) {
        boolean random = instanceName == null || instanceName.isBlank();
        String name = random ? "updraft-" + UUID.randomUUID().toString().substring(0, 8) : instanceName;
        ScheduleStore store = new ScheduleStore(updraft.database());
        RunSink sink = RunSink.engine(engine);
        DagRunScheduler runs = new DagRunScheduler(updraft.dags(), store, sink, Clock.systemUTC());
        QuartzDagScheduler quartz = QuartzDagScheduler.start(updraft.database(), runs, updraft::dag,
                new QuartzDagScheduler.Settings(name, threadCount, random), Clock.systemUTC());
        Scheduling scheduling = new Scheduling(quartz, new Backfills(updraft.runs(), store, sink,
                Duration.ofSeconds(1)));
        quartz.sync(updraft.loadedDags());
        updraft.addListener(new DagListener() {
            @Override
            public void dagsLoaded(DagBag bag) {
                quartz.sync(updraft.loadedDags());
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

    public QuartzDagScheduler quartz() {
        return quartz;
    }

    /** Waits for running DAG jobs, then stops Quartz. */
    @Override
    public void close() {
        quartz.close();
    }
}
