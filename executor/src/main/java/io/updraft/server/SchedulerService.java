package io.updraft.server;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.updraft.app.Updraft;
import io.updraft.run.RunEngine;
import io.updraft.schedule.Backfills;
import io.updraft.schedule.DagRunScheduler;
import io.updraft.schedule.QuartzDagScheduler;
import io.updraft.schedule.RunSink;
import io.updraft.schedule.ScheduleStore;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;

/**
 * The service's scheduler: starts Quartz with the service, after the engine (it takes the engine, so Micronaut
 * creates the engine first and destroys this bean first), and makes every loaded DAG's trigger. Scheduled and
 * backfill runs go to the engine, which starts them at once.
 *
 * <p>For the REST API and the DAG-folder watcher: {@link #sync()} after the DAGs folder was reloaded,
 * {@link #onPauseChanged} after a PATCH of is_paused, {@link #backfills()} for {@code POST /api/v2/backfills}.
 *
 * <p>{@code updraft.scheduler.instance-name}: Quartz's scheduler name. Unset (the default) means a random name per
 * application context, whose Quartz rows are deleted on shutdown; the store's runs are the schedule's memory, so
 * the next start loses nothing. Set the same name on every node of a cluster so that each DAG fires on one node.
 * {@code updraft.scheduler.enabled=false} leaves Quartz out.
 */
@Context
@Requires(property = "updraft.scheduler.enabled", notEquals = "false")
public class SchedulerService {

    private final Updraft updraft;
    private final QuartzDagScheduler quartz;
    private final Backfills backfills;

    SchedulerService(Updraft updraft, RunEngine engine,
                     @Value("${updraft.scheduler.instance-name:}") String instanceName,
                     @Value("${updraft.scheduler.thread-count:2}") int threadCount) {
        this.updraft = updraft;
        boolean random = instanceName == null || instanceName.isBlank();
        String name = random ? "updraft-" + UUID.randomUUID().toString().substring(0, 8) : instanceName;
        ScheduleStore store = new ScheduleStore(updraft.database());
        RunSink sink = RunSink.engine(engine);
        DagRunScheduler runs = new DagRunScheduler(updraft.dags(), store, sink, Clock.systemUTC());
        this.quartz = QuartzDagScheduler.start(updraft.database(), runs, updraft::dag,
                new QuartzDagScheduler.Settings(name, threadCount, random), Clock.systemUTC());
        this.backfills = new Backfills(updraft.runs(), store, sink, Duration.ofSeconds(1));
        quartz.sync(updraft.loadedDags());
    }

    /** Re-reads the loaded DAGs: triggers for new, changed and unpaused DAGs, none for removed or paused ones. */
    public void sync() {
        quartz.sync(updraft.loadedDags());
    }

    /** After is_paused changed in the DagStore (the caller writes it, e.g. {@code updraft.dags().setPaused}). */
    public void onPauseChanged(String dagId, boolean paused) {
        quartz.onPauseChanged(dagId, paused);
    }

    /** Backfill planning ({@link Backfills#plan}, the dry run) and creation ({@link Backfills#create}, blocking). */
    public Backfills backfills() {
        return backfills;
    }

    public QuartzDagScheduler scheduler() {
        return quartz;
    }

    /** Waits for running DAG jobs, then stops Quartz, before the engine and the store close. */
    @PreDestroy
    public void stop() {
        quartz.close();
    }
}
