package io.updraft.schedule;

import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;

/**
 * The Quartz job of one DAG (job and trigger are named after the dag id). Never two at once for a DAG, on any
 * cluster node.
 */
@DisallowConcurrentExecution
final class DagScheduleJob implements Job {

    private final QuartzDagScheduler owner;

    DagScheduleJob(QuartzDagScheduler owner) {
        this.owner = owner;
    }

    @Override
    public void execute(JobExecutionContext context) throws JobExecutionException {
        try {
            owner.fire(context.getTrigger().getKey().getName());
        } catch (RuntimeException e) {
            // Quartz only logs a failed job; the next sync or fire tries again
            throw new JobExecutionException("scheduling DAG " + context.getTrigger().getKey().getName() + " failed", e);
        }
    }
}
