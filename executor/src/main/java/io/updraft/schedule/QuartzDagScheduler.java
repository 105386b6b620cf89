package io.updraft.schedule;

import io.updraft.dag.Dag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.TriggerKey;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.impl.matchers.GroupMatcher;
import org.quartz.utils.DBConnectionManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Quartz as the durable, clustered timer of DAG schedules: one job and one one-shot trigger per scheduled,
 * unpaused, non-stale DAG, in the JDBC job store (JobStoreTX, clustered) in the store's own database and pool.
 * A trigger fires at the DAG's next_dagrun_create_after; the job creates the due runs
 * ({@link DagRunScheduler}) and moves the trigger to the next time. Timetables are computed here, not by Quartz
 * cron triggers, because Quartz cron cannot express croniter's day-of-month OR day-of-week rule nor Airflow's
 * catchup. A missed fire (downtime) fires at once, and the job catches up as the DAG's catchup says.
 *
 * <p>Callers keep the triggers in step with the DAGs: {@link #sync} after a (re)load of the DAGs folder,
 * {@link #onPauseChanged} after a pause or unpause. Thread-safe; close it once.
 */
public final class QuartzDagScheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QuartzDagScheduler.class);
    static final String GROUP = "updraft-dags";
    private static final Duration RETRY_AFTER_FAILURE = Duration.ofSeconds(10);

    /**
     * @param instanceName Quartz's scheduler name (SCHED_NAME): the same on every node of a cluster; the nodes
     *     sharing it on one database share the triggers, and each fire happens on one of them
     * @param instanceId this node's id in the cluster (unique per node); null for host name, process and a
     *     random part
     * @param threadCount concurrent DAG jobs
     * @param forgetOnClose delete this scheduler's Quartz rows on close (for a name used once, e.g. random)
     */
    public record Settings(String instanceName, String instanceId, int threadCount, boolean forgetOnClose) {

        public Settings {
            Objects.requireNonNull(instanceName, "instanceName");
            if (instanceId == null || instanceId.isBlank()) {
                instanceId = generatedInstanceId();
            }
        }

        public Settings(String instanceName, int threadCount, boolean forgetOnClose) {
            this(instanceName, null, threadCount, forgetOnClose);
        }

        private static String generatedInstanceId() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "localhost";
            }
            return host + "-" + ProcessHandle.current().pid() + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }

    private final Scheduler scheduler;
    private final DagRunScheduler runs;
    private final Function<String, Optional<Dag>> dags;
    private final QuartzTables tables;
    private final Settings settings;
    private final Clock clock;
    private final InterruptShield shield;

    private QuartzDagScheduler(Scheduler scheduler, DagRunScheduler runs, Function<String, Optional<Dag>> dags,
                               QuartzTables tables, Settings settings, Clock clock, InterruptShield shield) {
        this.scheduler = scheduler;
        this.runs = runs;
        this.dags = dags;
        this.tables = tables;
        this.settings = settings;
        this.clock = clock;
        this.shield = shield;
    }

    /**
     * Starts Quartz on the store's database.
     *
     * @param dags the current definition of a DAG by id (what the last load found)
     */
    public static QuartzDagScheduler start(QuartzTables tables, DagRunScheduler runs,
                                           Function<String, Optional<Dag>> dags, Settings settings, Clock clock) {
        // one data source per node: two nodes of a cluster may live in one JVM (tests, embedding)
        String dataSourceName = "updraft-store-" + settings.instanceName() + "-" + settings.instanceId();
        InterruptShield shield = tables.interruptsCloseDatabase() ? new InterruptShield() : null;
        DBConnectionManager.getInstance().addConnectionProvider(dataSourceName,
                new DataSourceConnectionProvider(tables.dataSource(), shield));
        try {
            Scheduler scheduler;
            synchronized (QuartzDagScheduler.class) {
                scheduler = new StdSchedulerFactory(properties(settings, dataSourceName, tables.driverDelegateClass()))
                        .getScheduler();
                // Quartz binds one scheduler per name in a JVM-wide registry and would hand this one out again;
                // unbound, another node of the same cluster can start in this JVM. Nothing here looks it up.
                SchedulerRepository.getInstance().remove(settings.instanceName());
            }
            QuartzDagScheduler dagScheduler = new QuartzDagScheduler(scheduler, runs, dags, tables, settings, clock,
                    shield);
            scheduler.setJobFactory((bundle, ignored) -> new DagScheduleJob(dagScheduler));
            scheduler.start();
            return dagScheduler;
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot start the Quartz scheduler " + settings.instanceName(), e);
        }
    }

    /** Settings proven in stack.md §4; acquireTriggersWithinLock avoids duplicate fires across nodes. */
    static Properties properties(Settings settings, String dataSourceName, String driverDelegateClass) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", settings.instanceName());
        p.setProperty("org.quartz.scheduler.instanceId", settings.instanceId());
        p.setProperty("org.quartz.scheduler.idleWaitTime", "1000");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(settings.threadCount()));
        p.setProperty("org.quartz.threadPool.threadNamePrefix", "updraft-schedule");
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", driverDelegateClass);
        p.setProperty("org.quartz.jobStore.dataSource", dataSourceName);
        p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.clusterCheckinInterval", "1000");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", "10000");
        return p;
    }

    /**
     * Brings the triggers in line with the loaded DAGs (the complete set of the DAGs folder): a trigger for each
     * schedulable DAG, none for the others or for DAGs not in {@code loaded}. A DAG whose trigger exists for the
     * same definition keeps it; a new or changed one fires when its next run is due (at once if it is). Also
     * refreshes every DAG's next_dagrun.
     */
    public void sync(Collection<Dag> loaded) {
        Map<String, Optional<DagRunInfo>> wanted = runs.refreshNextDagruns(loaded);
        Map<String, String> versions = tables.triggerDescriptions(settings.instanceName(), GROUP);
        Map<JobDetail, Set<? extends Trigger>> changed = new HashMap<>();
        for (Dag dag : loaded) {
            Optional<DagRunInfo> next = wanted.get(dag.dagId());
            if (next != null && !Objects.equals(versions.get(dag.dagId()), version(dag))) {
                changed.put(job(JobKey.jobKey(dag.dagId(), GROUP)), Set.of(trigger(dag, runs.firstLook(dag, next))));
            }
        }
        List<JobKey> unwanted = versions.keySet().stream().filter(dagId -> !wanted.containsKey(dagId))
                .map(dagId -> JobKey.jobKey(dagId, GROUP)).toList();
        try {
            // one Quartz transaction each, however many DAGs
            if (!changed.isEmpty()) {
                scheduler.scheduleJobs(changed, true);
            }
            if (!unwanted.isEmpty()) {
                scheduler.deleteJobs(unwanted);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule the loaded DAGs", e);
        }
    }

    /** One DAG was added or changed (a watcher that reloads a single file). */
    public void syncDag(Dag dag) {
        runs.refreshNextDagrun(dag);
        if (runs.isSchedulable(dag)) {
            ensureTrigger(dag, false);
        } else {
            remove(dag.dagId());
        }
    }

    /**
     * Call after the DAG's is_paused changed in the DagStore: a paused DAG loses its trigger, an unpaused one is
     * looked at now (so its due run appears within about a second).
     */
    public void onPauseChanged(String dagId, boolean paused) {
        if (paused) {
            remove(dagId);
            return;
        }
        dags.apply(dagId).filter(runs::isSchedulable).ifPresent(dag -> ensureTrigger(dag, true));
    }

    /** Drops the DAG's job and trigger (deleted or stale DAG). */
    public void remove(String dagId) {
        try {
            scheduler.deleteJob(JobKey.jobKey(dagId, GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot remove the schedule of DAG " + dagId, e);
        }
    }

    /** Dag ids that have a trigger, on this scheduler name. */
    public List<String> scheduledDagIds() {
        try {
            return scheduler.getTriggerKeys(GroupMatcher.triggerGroupEquals(GROUP)).stream()
                    .map(TriggerKey::getName).sorted().toList();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot list DAG triggers", e);
        }
    }

    /** When the DAG's trigger fires next, if it has one. */
    public Optional<Instant> nextFireTime(String dagId) {
        try {
            Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey(dagId, GROUP));
            return Optional.ofNullable(trigger).map(Trigger::getNextFireTime).map(Date::toInstant);
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot read the trigger of DAG " + dagId, e);
        }
    }

    /** The job: creates the DAG's due runs and sets the trigger to the next time. */
    void fire(String dagId) {
        Optional<Dag> dag = dags.apply(dagId);
        if (dag.isEmpty()) {
            remove(dagId);
            return;
        }
        Instant fireAt;
        try {
            DagRunScheduler.Outcome outcome = runs.schedule(dag.get());
            if (!outcome.created().isEmpty()) {
                LOG.info("DAG {}: created {} scheduled run(s), next {}", dagId, outcome.created().size(),
                        outcome.next().map(DagRunInfo::runAfter).orElse(null));
            }
            fireAt = outcome.fireAt();
        } catch (RuntimeException e) {
            LOG.warn("DAG {}: scheduling failed, trying again in {}", dagId, RETRY_AFTER_FAILURE, e);
            fireAt = clock.instant().plus(RETRY_AFTER_FAILURE);
        }
        if (fireAt != null) {
            // rescheduling the firing trigger from its own job is supported by Quartz's JDBC store
            setTrigger(dag.get(), fireAt);
        }
    }

    private void ensureTrigger(Dag dag, boolean fireNow) {
        try {
            Trigger existing = scheduler.getTrigger(TriggerKey.triggerKey(dag.dagId(), GROUP));
            if (!fireNow && existing != null && Objects.equals(existing.getDescription(), version(dag))) {
                return;
            }
            setTrigger(dag, clock.instant());
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule DAG " + dag.dagId(), e);
        }
    }

    private void setTrigger(Dag dag, Instant fireAt) {
        JobKey jobKey = JobKey.jobKey(dag.dagId(), GROUP);
        Trigger trigger = trigger(dag, fireAt);
        try {
            if (!scheduler.checkExists(jobKey)) {
                scheduler.addJob(job(jobKey), true);
            }
            if (scheduler.rescheduleJob(trigger.getKey(), trigger) == null) {
                scheduler.scheduleJob(trigger);
            }
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot schedule DAG " + dag.dagId() + " at " + fireAt, e);
        }
    }

    private static JobDetail job(JobKey key) {
        return JobBuilder.newJob(DagScheduleJob.class).withIdentity(key).storeDurably().build();
    }

    /** The trigger's description is the DAG's version hash: a sync reads them all in one query. */
    private static Trigger trigger(Dag dag, Instant fireAt) {
        return TriggerBuilder.newTrigger()
                .withIdentity(dag.dagId(), GROUP)
                .forJob(JobKey.jobKey(dag.dagId(), GROUP))
                .withDescription(version(dag))
                .startAt(Date.from(fireAt))
                .withSchedule(SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
                .build();
    }

    private static String version(Dag dag) {
        return dag.versionHash() == null ? "" : dag.versionHash();
    }

    /** Waits for running DAG jobs, then stops Quartz; the store's pool stays open. */
    @Override
    public void close() {
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            LOG.warn("Quartz scheduler {} did not shut down cleanly", settings.instanceName(), e);
        }
        if (shield != null) {
            shield.close();
        }
        if (settings.forgetOnClose()) {
            tables.deleteScheduler(settings.instanceName());
        }
    }
}
