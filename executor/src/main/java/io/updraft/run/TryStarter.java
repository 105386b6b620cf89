package io.updraft.run;

import io.updraft.dag.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongConsumer;

/**
 * The {@link EngineLoop}'s start of tries: each becomes a {@link TaskAttempt}, known to the engine until its end is
 * committed, launched in this process or offered to remote workers; their ends come back as engine events.
 */
final class TryStarter {

    private final EngineSettings settings;
    private final Clock clock;
    private final Decider decider;
    private final TryLauncher launcher;
    private final Consumer<EngineEvent> events;
    /** The engine's tries whose end is not committed yet. */
    private final Map<TaskInstanceKey, TaskAttempt> attempts;
    private final AtomicLong triesStarted = new AtomicLong();
    private volatile LongConsumer dispatchLatency = nanos -> { };

    TryStarter(EngineSettings settings, Clock clock, Decider decider, TryLauncher launcher,
               Consumer<EngineEvent> events, Map<TaskInstanceKey, TaskAttempt> attempts) {
        this.settings = settings;
        this.clock = clock;
        this.decider = decider;
        this.launcher = launcher;
        this.events = events;
        this.attempts = attempts;
    }

    long started() {
        return triesStarted.get();
    }

    void onDispatch(LongConsumer latency) {
        this.dispatchLatency = latency;
    }

    /** Takes over a try a dead engine left with the remote workers. */
    void adopt(ActiveRun ar, TaskInstanceKey key) {
        settings.remoteTries().adopt(attempt(ar, key), remoteListener(ar.run().id()));
    }

    /** A try of the instance as it is now, known to this engine until its end is committed. */
    private TaskAttempt attempt(ActiveRun ar, TaskInstanceKey key) {
        TaskInstance ti = ar.get(key);
        Task task = ar.task(key);
        Map<String, Object> mapped = ti.mapIndex() >= 0 ? expansion(ar, task).get(ti.mapIndex()) : Map.of();
        TaskAttempt attempt = new TaskAttempt(ar.dag(), task, ar.run(), ti, mapped,
                LogPaths.attemptLog(settings.logsFolder(), key, ti.tryNumber()), new KillSwitch(),
                decider.waits().resumeOf(ti));
        attempts.put(key, attempt);
        return attempt;
    }

    private RemoteTries.Listener remoteListener(long runId) {
        return new RemoteTries.Listener() {
            @Override
            public void claimed(TaskAttempt claimed, String hostname, Instant startedAt) {
                events.accept(new EngineEvent.TryClaimed(runId, claimed, hostname, startedAt));
            }

            @Override
            public CompletableFuture<Void> ended(TaskAttempt ended, TaskOutcome outcome, Instant endedAt) {
                CompletableFuture<Void> stored = new CompletableFuture<>();
                events.accept(new EngineEvent.TryFinished(runId, ended, outcome, endedAt, stored));
                return stored;
            }
        };
    }

    /** Hands the try to this process's launcher, or offers it to the remote workers when it is queued. */
    void start(ActiveRun ar, TaskInstanceKey key) {
        TaskAttempt attempt = attempt(ar, key);
        TaskInstance ti = attempt.taskInstance();
        triesStarted.incrementAndGet();
        if (ti.scheduledDttm() != null) { // from runnable to handed to a worker, the commit included
            dispatchLatency.accept(Duration.between(ti.scheduledDttm(), clock.instant()).toNanos());
        }
        long runId = ar.run().id();
        if (ti.state() == TaskState.QUEUED) {
            settings.remoteTries().offer(attempt, remoteListener(runId));
            return;
        }
        launcher.launch(attempt, (started, outcome, endedAt) ->
                events.accept(new EngineEvent.TryFinished(runId, started, outcome, endedAt)));
    }

    private List<Map<String, Object>> expansion(ActiveRun ar, Task task) {
        return ar.expansions().computeIfAbsent(task.taskId(),
                id -> MappedArguments.combinations(task, ar::pullXCom));
    }
}
