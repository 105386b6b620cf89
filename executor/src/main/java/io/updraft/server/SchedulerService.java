package io.updraft.server;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.updraft.app.Scheduling;
import io.updraft.app.Updraft;
import io.updraft.run.RunEngine;
import io.updraft.schedule.BackfillDriver;
import io.updraft.schedule.Backfills;
import io.updraft.schedule.QuartzDagScheduler;
import jakarta.annotation.PreDestroy;

/**
 * The service's scheduler: starts {@link Scheduling} with the service, after the engine (it takes the engine, so
 * Micronaut creates the engine first and destroys this bean first). DAG reloads and pause changes reach it through
 * {@link Updraft}'s listeners; {@link #backfills()} serves {@code POST /api/v2/backfills}, and the uncompleted
 * backfills in the store resume at start ({@link #backfillDriver()}).
 *
 * <p>{@code updraft.scheduler.instance-name} (env {@code UPDRAFT_SCHEDULER_INSTANCE_NAME}): Quartz's scheduler name
 * (unset: random per application context). Set the same name on every node of a cluster so that each DAG fires on
 * one node.
 * {@code updraft.scheduler.enabled=false} leaves Quartz out.
 */
@Context
@Requires(property = "updraft.scheduler.enabled", notEquals = "false")
public class SchedulerService {

    private final Scheduling scheduling;

    SchedulerService(Updraft updraft, RunEngine engine,
                     @Value("${updraft.scheduler.instance-name:}") String instanceName,
                     @Value("${updraft.scheduler.thread-count:2}") int threadCount) {
        this.scheduling = Scheduling.start(updraft, engine, instanceName, threadCount);
        scheduling.resumeBackfills();
    }

    public Backfills backfills() {
        return scheduling.backfills();
    }

    public BackfillDriver backfillDriver() {
        return scheduling.backfillDriver();
    }

    public QuartzDagScheduler scheduler() {
        return scheduling.quartz();
    }

    /** Waits for running DAG jobs, then stops Quartz, before the engine and the store close. */
    @PreDestroy
    public void stop() {
        scheduling.close();
    }
}
