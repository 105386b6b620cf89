package io.updraft.cli;

import io.updraft.app.Scheduling;
import io.updraft.app.Updraft;
import io.updraft.app.DagFolderWatcher;
import java.time.Duration;
import io.updraft.run.EngineSettings;
import io.updraft.run.RunEngine;
import io.updraft.run.RunState;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code updraft scheduler}: runs the engine over the store: continues the unfinished runs left by a process that
 * died, creates the scheduled runs of unpaused DAGs, follows changes to the DAGs folder, and runs queued runs (from
 * {@code dags trigger} or other processes) as they appear.
 */
@Command(name = "scheduler", description = "Run queued and unfinished DAG runs from the store.")
final class SchedulerCommand implements Callable<Integer> {

    @Option(names = "--exit-when-idle", description = "Exit once no run is queued or running.")
    boolean exitWhenIdle;

    @Option(names = "--parallelism", defaultValue = "${env:UPDRAFT_PARALLELISM:-"
            + EngineSettings.DEFAULT_PARALLELISM + "}",
            description = "Task instances run at once (default: UPDRAFT_PARALLELISM, else 32).")
    int parallelism;

    @Override
    public Integer call() throws Exception {
        StopSignals signals = StopSignals.install(); // before the start: a signal during it stops once started
        Updraft updraft = CliSupport.open();
        updraft.loadDags();
        RunEngine engine = updraft.startEngine(true, parallelism);
        engine.recover();
        // as the service: processes sharing UPDRAFT_SCHEDULER_INSTANCE_NAME form one Quartz cluster
        Scheduling scheduling = Scheduling.start(updraft, engine, System.getenv("UPDRAFT_SCHEDULER_INSTANCE_NAME"), 2);
        DagFolderWatcher watcher = DagFolderWatcher.start(updraft.config().dagsFolder(), updraft::loadDags,
                Duration.ofMillis(100), Duration.ofSeconds(30));
        System.err.println("Scheduler started; DAGs folder " + updraft.config().dagsFolder());
        try {
            if (exitWhenIdle) {
                awaitIdleOrStop(updraft, signals);
            } else {
                signals.await();
            }
        } finally {
            // in this order, before System.exit runs any shutdown hook (see StopSignals): no run is created for
            // an engine that is gone, and the engine hands back its tries before the store closes
            watcher.close();
            scheduling.close();
            updraft.close();
        }
        return 0;
    }

    private static void awaitIdleOrStop(Updraft updraft, StopSignals signals) throws InterruptedException {
        EnumSet<RunState> unfinished = EnumSet.of(RunState.QUEUED, RunState.RUNNING);
        if (signals.await(500, TimeUnit.MILLISECONDS)) {
            return;
        }
        while (updraft.runs().countRuns(null, unfinished) > 0) {
            if (signals.await(200, TimeUnit.MILLISECONDS)) {
                return;
            }
        }
    }
}
