package io.updraft.app;

import io.updraft.job.EngineProcess;
import io.updraft.secrets.SecretsMasker;
import io.updraft.secrets.StoredSecrets;
import io.updraft.api.DagTriggers;
import io.updraft.api.model.ModelRegistry;
import io.updraft.config.UpdraftConfig;
import io.updraft.ml.ModelStore;
import io.updraft.ml.ModelServing;
import io.updraft.run.DagRun;
import io.updraft.run.TriggerRequest;
import io.updraft.dag.CallbackKind;
import io.updraft.dag.Dag;
import io.updraft.dag.DagBag;
import io.updraft.dag.factory.DagFolderLoader;
import io.updraft.dispatch.WorkerQueues;
import io.updraft.dispatch.WorkerSettings;
import io.updraft.dag.factory.LoadLimits;
import io.updraft.dag.Task;
import io.updraft.operator.OperatorRegistry;
import io.updraft.operator.OperatorTaskRunner;
import io.updraft.operator.PythonSettings;
import io.updraft.run.EngineSettings;
import io.updraft.run.RunClock;
import io.updraft.run.RunEngine;
import io.updraft.run.RunLeases;
import io.updraft.run.RunStore;
import io.updraft.run.EngineInbox;
import io.updraft.store.JdbiEngineInbox;
import io.updraft.store.JdbiRunLeases;
import io.updraft.store.StoreSignals;
import io.updraft.run.TaskRunner;
import io.updraft.config.ConnectionStore;
import io.updraft.store.Database;
import io.updraft.dag.DagStore;
import io.updraft.dag.ImportErrorStore;
import io.updraft.store.JdbiAssetQueries;
import io.updraft.store.JdbiAssetStore;
import io.updraft.store.JdbiConnectionStore;
import io.updraft.store.JdbiModelRegistry;
import io.updraft.store.JdbiRemoteTryStore;
import io.updraft.store.JdbiDagStore;
import io.updraft.dag.DagWarningStore;
import io.updraft.store.JdbiDagWarningStore;
import io.updraft.store.JdbiImportErrorStore;
import io.updraft.store.JdbiJobStore;
import io.updraft.store.JdbiPoolStore;
import io.updraft.store.JdbiRunStore;
import io.updraft.store.JdbiVariableStore;
import io.updraft.job.JobStore;
import io.updraft.config.PoolStore;
import io.updraft.config.VariableStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The composition root: opens the store, builds the operator registry, the task runner and the DAG catalog, and
 * starts an engine on request. Plain Java, so the CLI, the service and tests wire Updraft the same way.
 * Thread-safe; close it once.
 */
public final class Updraft implements AutoCloseable {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Updraft.class);

    private final UpdraftConfig config;
    private final Database database;
    private final JdbiRunStore runs;
    private final DagStore dags;
    private final ImportErrorStore importErrors;
    private final DagWarningStore dagWarnings;
    private final VariableStore variables;
    private final ConnectionStore connections;
    private final PoolStore pools;
    private final JobStore jobs;
    private final OperatorRegistry operators;
    private final OperatorTaskRunner taskRunner;
    private final DagCatalog catalog;
    private final ModelStore modelRegistry;
    private final io.updraft.asset.Assets assets;
    /** An asset-triggered run's consumed events, for its tries here and on remote workers. */
    private final io.updraft.asset.TriggeringEvents triggeringEvents;
    private ModelServing modelServing;
    private final ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "updraft-housekeeping");
        thread.setDaemon(true);
        return thread;
    });
    private final List<DagListener> listeners = new CopyOnWriteArrayList<>();
    private RunEngine engine;
    private final DagRunService dagRuns;
    private final Map<String, String> environment;
    private EngineProcess process;
    private final WorkerSettings workerSettings;
    private WorkerQueues workerQueues;
    private StoreSignals remoteTrySignals;
    /** Masked in every task log and response of this process; read again each second for other processes' writes. */
    private final StoredSecrets storedSecrets;

    private Updraft(UpdraftConfig config, Map<String, String> environment) {
        this.config = config;
        this.database = Database.open(config);
        this.runs = new JdbiRunStore(database);
        this.dags = new JdbiDagStore(database);
        this.importErrors = new JdbiImportErrorStore(database);
        this.dagWarnings = new JdbiDagWarningStore(database);
        this.variables = new JdbiVariableStore(database);
        this.connections = new JdbiConnectionStore(database);
        this.pools = new JdbiPoolStore(database);
        this.jobs = new JdbiJobStore(database);
        this.storedSecrets = new StoredSecrets(connections, variables, 1000);
        this.workerSettings = WorkerSettings.from(environment);
        PythonSettings python = PythonSettings.from(environment, config.home(), config.dagsFolder());
        this.operators = new OperatorRegistry().withUserPython(python);
        this.taskRunner = new OperatorTaskRunner(operators, runs, variables, connections, config.home(), python,
                environment);
        this.catalog = new DagCatalog(new DagFolderLoader(operators, environment, Clock.systemUTC(),
                Runtime.getRuntime().availableProcessors(), LoadLimits.fromEnvironment(environment)), dags,
                importErrors, dagWarnings);
        this.modelRegistry = new JdbiModelRegistry(database, config.home().resolve("ml").resolve("registry"));
        taskRunner.services().register(ModelRegistry.class, modelRegistry);
        taskRunner.services().register(DagTriggers.class, this::triggerFromTask);
        this.dagRuns = new DagRunService(catalog::find,
                dagId -> dags.find(dagId).map(io.updraft.dag.DagRecord::isPaused), this::engine, runs, database, task -> operators.operatorClassName(task.operator()));
        taskRunner.services().register(io.updraft.operator.DagRunAccess.class, dagRuns);
        this.environment = Map.copyOf(environment);
        // asset events commit with the task success that emits them
        JdbiAssetStore assetStore = new JdbiAssetStore(database);
        this.assets = new io.updraft.asset.Assets(assetStore, new JdbiAssetQueries(database), catalog::find,
                Clock.systemUTC());
        runs.commitHook(assetStore.commitHook(assets));
        this.triggeringEvents = new io.updraft.asset.TriggeringEvents(assets.queries(), runs);
        taskRunner.triggeringAssetEvents(triggeringEvents);
        SecretsMasker.global().addSource(storedSecrets);
    }

    /** What a task's {@link DagTriggers} does: a manual run of a loaded DAG on this process's engine. */
    private String triggerFromTask(String dagId, Map<String, Object> conf, String note) {
        Dag dag = catalog.find(dagId).orElseThrow(() -> new IllegalArgumentException("no loaded DAG '" + dagId
                + "'"));
        RunEngine running = engine().orElseThrow(() -> new IllegalStateException("no engine in this process"));
        DagRun run = running.trigger(dag, new TriggerRequest(null, io.updraft.run.RunType.MANUAL,
                java.time.Instant.now(), null, null, null, conf == null ? Map.of() : conf, note, "operator"));
        return run.runId();
    }

    public static Updraft open(UpdraftConfig config) {
        return new Updraft(config, System.getenv());
    }

    public static Updraft open(UpdraftConfig config, Map<String, String> environment) {
        return new Updraft(config, environment);
    }

    /** Loads the DAGs folder, records DAGs, versions and import errors in the store, and tells the listeners. */
    public DagBag loadDags() {
        DagBag bag = catalog.load(config.dagsFolder());
        assets.dagsLoaded(catalog.all());
        listeners.forEach(listener -> listener.dagsLoaded(bag));
        return bag;
    }

    /**
     * Pauses or unpauses a DAG and tells the listeners (the scheduler stops or resumes its runs).
     *
     * @return false when there is no such DAG
     */
    public boolean setPaused(String dagId, boolean paused) {
        boolean found = dags.setPaused(dagId, paused);
        if (found) {
            listeners.forEach(listener -> listener.pauseChanged(dagId, paused));
        }
        return found;
    }

    /** Registers code that follows changes to the DAGs (the scheduler). */
    public void addListener(DagListener listener) {
        listeners.add(listener);
    }

    /** The DAGs of the last load (what the scheduler keeps triggers for). */
    public List<Dag> loadedDags() {
        return catalog.all();
    }

    /** Whether the DAG file failed to load, in whole or in part, at the last load. */
    public boolean hasImportErrors(String fileloc) {
        return catalog.hasImportErrors(fileloc);
    }

    /** A DAG of the last load. */
    public Optional<Dag> dag(String dagId) {
        return catalog.find(dagId);
    }

    /**
     * Starts this process's engine (once): registers the process as a job that heartbeats, so that another
     * process can tell when it dies.
     *
     * @param adoptQueuedRuns scheduler mode: also run queued runs created by other processes, and respect paused
     *     DAGs (off for {@code dags test}, which runs a DAG whether paused or not, as Airflow's does)
     */
    public RunEngine startEngine(boolean adoptQueuedRuns, int parallelism) {
        return startEngine(adoptQueuedRuns, parallelism, UnaryOperator.identity());
    }

    /** @param decorate wraps the task runner (measurements) */
    public synchronized RunEngine startEngine(boolean adoptQueuedRuns, int parallelism,
                                              UnaryOperator<TaskRunner> decorate) {
        if (engine != null) {
            return engine;
        }
        process = EngineProcess.start(jobs, adoptQueuedRuns ? EngineProcess.SCHEDULER : EngineProcess.LOCAL,
                config.nodeLease(), housekeeping);
        PoolSlots poolSlots = new PoolSlots(pools, database, process.jobId(), database.dialect().isShared());
        housekeeping.scheduleWithFixedDelay(poolSlots::refresh, 1, 1, TimeUnit.SECONDS);
        PausedDags paused = new PausedDags(dags);
        if (adoptQueuedRuns) {
            housekeeping.scheduleWithFixedDelay(paused::refresh, 1, 1, TimeUnit.SECONDS);
        }
        // nodes sharing PostgreSQL wake each other when offers for workers or workers' reports commit, instead of
        // finding them at their next poll
        remoteTrySignals = StoreSignals.listen(database, "updraft_remote_tries", String.valueOf(process.jobId()),
                this::wakeWorkerQueues);
        workerQueues = new WorkerQueues(new JdbiRemoteTryStore(database, RunClock.utc(), remoteTrySignals),
                workerSettings.localQueues(), process.jobId(), RunClock.utc(), workerSettings.zombieThreshold(),
                triggeringEvents);
        EngineSettings settings = new EngineSettings(parallelism, config.logsFolder(), process.hostname(),
                System.getProperty("user.name"), process.pid(), process.jobId(), poolSlots::slots,
                this::skipsExecution, task -> operators.operatorClassName(task.operator()), catalog::find,
                process::isDead, adoptQueuedRuns, adoptQueuedRuns ? paused::isPaused : dagId -> false,
                Duration.ofSeconds(1), workerQueues);
        // on PostgreSQL several engine nodes may share the store: each drives the runs it leases
        RunLeases leases = database.dialect().isShared()
                ? new JdbiRunLeases(database, process.jobId(), process::isDead,
                        () -> Duration.between(process.lastHeartbeat(), java.time.Instant.now()), config.nodeLease(),
                        RunClock.utc())
                : RunLeases.alone(runs, process.jobId(), adoptQueuedRuns ? () -> null : this::liveScheduler);
        // nodes, and on H2 a CLI command beside the service, ask the engine that drives a run to change it
        EngineInbox inbox = new JdbiEngineInbox(database, RunClock.utc());
        engine = new RunEngine(runs, decorate.apply(taskRunner), settings, RunClock.utc(), leases, inbox)
                .triggers(new io.updraft.operator.SensorTriggers(dagRuns, environment, connections)).start();
        return engine;
    }

    /**
     * As Airflow's {@code dags test}: runs a TriggerDagRunOperator triggers are created queued in the store (a
     * scheduler runs them later), not run by this process.
     */
    public void queueTriggeredRuns() {
        dagRuns.queueOnly();
    }

    /** The scheduling engine of another live process on this store (on H2: `standalone` beside a CLI command). */
    private Long liveScheduler() {
        return jobs.running(EngineProcess.SCHEDULER).stream()
                .filter(job -> job != process.jobId() && !process.isDead(job)).findFirst().orElse(null);
    }

    /**
     * EmptyOperator tasks without callbacks are never executed (Airflow marks them success directly), unless they
     * have outlets: those run, as in Airflow, so that their success emits asset events.
     */
    private boolean skipsExecution(Task task) {
        return operators.isEmptyOperator(task.operator()) && task.arguments().get("outlets") == null
                && Arrays.stream(CallbackKind.values()).allMatch(kind -> task.callbacks(kind).isEmpty());
    }

    /** How long ago this process's engine job last heartbeated; empty before the engine starts. */
    public synchronized Optional<Duration> heartbeatAge() {
        return process == null ? Optional.empty()
                : Optional.of(Duration.between(process.lastHeartbeat(), java.time.Instant.now()));
    }

    /** This process's engine, once started. */
    public synchronized Optional<RunEngine> engine() {
        return Optional.ofNullable(engine);
    }

    public UpdraftConfig config() { return config; }
    public Database database() { return database; }
    public RunStore runs() { return runs; }
    public DagStore dags() { return dags; }
    public ImportErrorStore importErrors() { return importErrors; }

    public DagWarningStore dagWarnings() { return dagWarnings; }
    public VariableStore variables() { return variables; }
    public ConnectionStore connections() { return connections; }
    public PoolStore pools() { return pools; }
    public JobStore jobs() { return jobs; }
    public OperatorRegistry operators() { return operators; }
    public OperatorTaskRunner taskRunner() { return taskRunner; }
    public StoredSecrets storedSecrets() { return storedSecrets; }
    public ModelStore modelRegistry() { return modelRegistry; }
    public io.updraft.asset.Assets assets() { return assets; }

    /** The remote workers' queues, once the engine runs. */
    private void wakeWorkerQueues() {
        WorkerQueues queues = workerQueues;
        if (queues != null) {
            queues.wake();
        }
    }

    public synchronized Optional<WorkerQueues> workerQueues() { return Optional.ofNullable(workerQueues); }

    /** The prediction service over the registry's champions; started on first use, closed with Updraft. */
    public synchronized ModelServing modelServing() {
        if (modelServing == null) {
            modelServing = new ModelServing(modelRegistry, housekeeping, 2, Clock.systemUTC());
        }
        return modelServing;
    }

    @Override
    public synchronized void close() {
        if (engine != null) {
            engine.close();
        }
        if (remoteTrySignals != null) {
            remoteTrySignals.close();
        }
        if (workerQueues != null) {
            workerQueues.close();
        }
        housekeeping.shutdownNow();
        SecretsMasker.global().removeSource(storedSecrets);
        if (modelServing != null) {
            modelServing.close(); // stores the predictions still queued, before the database closes
        }
        if (process != null) {
            try {
                process.end();
            } catch (RuntimeException e) {
                // when the JVM exits other than through the CLI's ordered stop (cli.StopSignals), H2's own hook may
                // close the embedded database first; the next engine then finds this process gone and recovers
                // what it held
                LOG.info("Could not record the end of this engine process: {}", e.getMessage());
            }
        }
        database.close();
    }
}
