package io.updraft.server;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.updraft.app.Scheduling;
import io.updraft.app.DagListeners;
import io.updraft.schedule.BackfillDriver;
import io.updraft.schedule.Backfills;
import io.updraft.schedule.QuartzDagScheduler;
import jakarta.annotation.PreDestroy;

/**
 * The service's scheduler: starts {@link Scheduling} (made by {@code UpdraftFactory}) with the service, after the
 * engine (it takes the engine, so Micronaut creates the engine first and destroys this bean first). DAG reloads and
 * pause changes reach it through the application's {@link DagListeners}; {@link #backfills()} serves
 * {@code POST /api/v2/backfills}, and the uncompleted backfills in the store resume at start
 * ({@link #backfillDriver()}).
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

    SchedulerService(Scheduling scheduling) {
        this.scheduling = scheduling;
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
