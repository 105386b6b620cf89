package io.updraft.cli;

import io.updraft.app.Scheduling;
import io.updraft.app.Updraft;
import io.updraft.server.watch.DagFolderWatcher;
import java.time.Duration;
import io.updraft.run.EngineSettings;
import io.updraft.run.RunEngine;
import io.updraft.run.RunState;
import java.util.EnumSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

    @Option(names = "--parallelism", defaultValue = "" + EngineSettings.DEFAULT_PARALLELISM,
            description = "Task instances run at once (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() throws Exception {
        Updraft updraft = CliSupport.open();
        updraft.loadDags();
        RunEngine engine = updraft.startEngine(true, parallelism);
        engine.recover();
        // as the service: processes sharing UPDRAFT_SCHEDULER_INSTANCE_NAME form one Quartz cluster
        Scheduling scheduling = Scheduling.start(updraft, engine, System.getenv("UPDRAFT_SCHEDULER_INSTANCE_NAME"), 2);
        DagFolderWatcher watcher = DagFolderWatcher.start(updraft.config().dagsFolder(), updraft::loadDags,
                Duration.ofMillis(100), Duration.ofSeconds(30));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            watcher.close();
            scheduling.close(); // before the engine: no run is created for an engine that is gone
            updraft.close();
            stopped.countDown();
        }));
        System.err.println("Scheduler started; DAGs folder " + updraft.config().dagsFolder());
        if (!exitWhenIdle) {
            stopped.await();
            return 0;
        }
        EnumSet<RunState> unfinished = EnumSet.of(RunState.QUEUED, RunState.RUNNING);
        Thread.sleep(500);
        while (updraft.runs().countRuns(null, unfinished) > 0) {
            Thread.sleep(200);
        }
        return 0;
    }
}
