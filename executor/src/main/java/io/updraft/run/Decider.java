package io.updraft.run;

import io.updraft.dag.CallbackKind;
import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's decision step, Airflow's scheduling loop as a function: given the events since the last step and
 * the engine's in-memory copy of its unfinished runs, it decides every state change (recorded in a
 * {@link RunChanges}) and every effect (start or kill a try, callbacks, answers). It reads nothing from the store and
 * acts on nothing: the {@link EngineLoop} commits the changes, then carries out the effects. Each kind of event has
 * its own small handler. Confined to the engine thread.
 */
final class Decider implements RunOperations.Engine {

    private static final Logger LOG = LoggerFactory.getLogger(Decider.class);

    /** One step's output, built by the handlers. */
    static final class Step {
        final Instant now;
        final RunChanges changes = new RunChanges();
        final List<Effect> effects = new ArrayList<>();

        Step(Instant now) {
            this.now = now;
        }
    }

    /** What a step decided: the writes to commit, then the effects to carry out. */
    record Decision(RunChanges changes, List<Effect> effects) {
    }

    private final EngineSettings settings;
    private final RunIndex active = new RunIndex();
    /** Runs with tasks to evaluate; only these are visited in a step. */
    private final Set<ActiveRun> dirtyRuns = new LinkedHashSet<>();
    /** Running runs of paused DAGs, and runs waiting on a previous run: looked at again on each tick. */
    private final Set<ActiveRun> parkedRuns = new LinkedHashSet<>();
    private final Admission admission;
    private final RetryQueue retries = new RetryQueue();
    /** Instances whose try runs in this process. */
    private final Set<TaskInstanceKey> runningHere = new HashSet<>();
    /** Runs finished in this step: depends_on_past of a later run reads them. */
    private final Map<Long, ActiveRun> finishedThisStep = new HashMap<>();
    private final RunEvaluator evaluator;
    private final RunOperations operations;
    private final TryResults tryResults;
    private final SensorWaits waits = new SensorWaits(this);
    private final RunStarts runStarts;
    private Instant nextTick = Instant.MIN;

    Decider(EngineSettings settings) {
        this.settings = settings;
        this.admission = new Admission(settings.parallelism(), settings.poolSlots());
        this.evaluator = new RunEvaluator(new EvaluationHooks(settings, admission, active, finishedThisStep));
        this.operations = new RunOperations(this, evaluator);
        this.tryResults = new TryResults(this, evaluator);
        this.runStarts = new RunStarts(this, settings, active, admission, retries, evaluator, dirtyRuns);
    }

    /** Decides one step. {@code loaded}: the runs operations of this batch name that the engine did not hold. */
    Decision decide(List<EngineEvent> batch, Map<RunChanges.RunKey, StoredRun> loaded, Instant now,
                    boolean draining) {
        finishedThisStep.clear();
        Step step = new Step(now);
        for (EngineEvent event : batch) {
            if (event instanceof EngineEvent.RunCreated created) {
                adopt(created.stored(), step);
            } else if (event instanceof EngineEvent.TryFinished finished) {
                tryResults.finish(active.get(finished.runId()), finished, step);
            } else if (event instanceof EngineEvent.TriggerFired fired) {
                waits.fired(active.get(fired.runId()), fired, step);
            } else if (event instanceof EngineEvent.TryClaimed claimed) {
                tryResults.claimed(active.get(claimed.runId()), claimed, step);
            } else if (event instanceof EngineEvent.Operation operation) {
                operate(operation, loaded, step);
            } else if (event instanceof EngineEvent.DeleteRun delete) {
                deleteRun(delete, step);
            }
        }
        if (!now.isBefore(nextTick)) {
            nextTick = now.plusSeconds(1);
            dirtyRuns.addAll(parkedRuns); // a DAG may have been unpaused, a previous run may have finished
            parkedRuns.clear();
        }
        if (!draining) { // a closing engine records how tries end and starts nothing: no retry, run or try
            runStarts.scheduleDueRetries(step);
        }
        runStarts.timeOutRuns(step);
        boolean runFinished;
        do {
            if (!draining) {
                runStarts.startQueuedRuns(step);
            }
            runFinished = evaluateRuns(step);
        } while (runFinished); // a finished run may let a queued run of its DAG start
        if (!draining) {
            admission.admit().forEach(ref -> startTry(ref, step));
        }
        return new Decision(step.changes, step.effects);
    }

    /** When the next retry is due, if any. */
    Instant nextRetryAt() {
        return retries.next();
    }

    Map<String, Integer> waitingByQueue() {
        return admission.waitingByQueue();
    }

    Map<String, Integer> poolUsage() {
        return admission.poolUsage();
    }

    boolean holds(String dagId, String runId) {
        return active.get(dagId, runId) != null;
    }

    boolean holds(long runId) {
        return active.get(runId) != null;
    }

    /** The runs held, for rebuilding them from the store after a failed commit. */
    List<DagRun> heldRuns() {
        return active.all().stream().map(ActiveRun::run).toList();
    }

    /**
     * Forgets every run, after a failed commit, before they are adopted again as stored.
     *
     * @param stillRunning the instances whose try still runs in this process
     */
    void forgetRuns(java.util.Collection<TaskInstanceKey> stillRunning) {
        active.clear();
        dirtyRuns.clear();
        parkedRuns.clear();
        admission.clear();
        runningHere.clear();
        runningHere.addAll(stillRunning);
        waits.clear();
    }

    // ---------------------------------------------------------------- runs taken on

    private void adopt(StoredRun stored, Step step) {
        if (active.get(stored.run().id()) != null) {
            return;
        }
        runningHere.addAll(stored.adopted());
        ActiveRun ar = track(toActive(stored));
        for (TaskInstance ti : ar.taskInstances()) {
            if (stored.adopted().contains(ti.key())) {
                TaskInstance adopted = TryStarts.adopted(ti, settings, step.now);
                ar.put(adopted);
                step.changes.update(ti.state(), adopted);
                step.effects.add(new Effect.AdoptTry(ar, ti.key()));
                continue;
            }
            TaskWait wait = stored.waits().get(ti.key());
            if (wait != null || ti.state() == TaskState.UP_FOR_RESCHEDULE || ti.state() == TaskState.DEFERRED) {
                waits.adopt(ar, ti, wait, step);
            }
            switch (ti.state()) {
                case UP_FOR_RETRY -> retryAt(ar, ti.key(), tryResults.nextRetry(ar, ti));
                case RESTARTING -> retryAt(ar, ti.key(), step.now);
                case RUNNING, QUEUED -> {
                    if (!runningHere.contains(ti.key()) && stored.orphaned().contains(ti.key())) {
                        tryResults.failOrphaned(ar, ti, step);
                    }
                }
                default -> {
                }
            }
        }
    }

    private ActiveRun toActive(StoredRun stored) {
        ActiveRun ar = new ActiveRun(stored.dag(), stored.run(), stored.taskInstances(), dirtyRuns);
        stored.xcomsBeforeStart().forEach(ar::xcomPut);
        for (XCom xcom : stored.xcoms()) {
            ar.rememberXCom(xcom.taskId(), xcom.mapIndex(), xcom.key(), XComs.value(xcom));
        }
        ar.setPrevious(stored.previous());
        return ar;
    }

    /** Puts a run in the in-memory copy: scheduled instances wait for a slot, held ones occupy theirs. */
    private ActiveRun track(ActiveRun ar) {
        active.add(ar);
        for (TaskInstance ti : ar.taskInstances()) {
            if (ti.state() == TaskState.SCHEDULED) {
                admission.add(ar, ti);
            } else if (TaskState.EXECUTING.contains(ti.state()) && runningHere.contains(ti.key())) {
                admission.occupy(ar, ti, 1);
            }
        }
        return ar;
    }

    // ---------------------------------------------------------------- operations

    private void operate(EngineEvent.Operation operation, Map<RunChanges.RunKey, StoredRun> loaded, Step step) {
        ActiveRun ar = active.get(operation.dagId(), operation.runId());
        if (ar == null) {
            StoredRun stored = loaded.get(new RunChanges.RunKey(operation.dagId(), operation.runId()));
            if (stored == null) {
                operation.result().completeExceptionally(new java.util.NoSuchElementException("DagRun with DAG ID: '"
                        + operation.dagId() + "' and DagRun ID: '" + operation.runId() + "' not found"));
                return;
            }
            ar = toActive(stored);
        }
        try {
            Object value = operation.body().apply(operations, ar, step);
            active.stateChanged(ar);
            if (ar.isDeleted()) {
                active.remove(ar);
            } else if (ar.isUnfinished() && !active.contains(ar)) {
                track(ar);
            } else if (!ar.isUnfinished() && active.contains(ar)) {
                active.remove(ar);
                step.effects.add(new Effect.RunFinished(ar.run()));
            }
            step.effects.add(new Effect.Answer(operation.result(), value));
        } catch (RuntimeException e) {
            operation.result().completeExceptionally(e);
        }
    }

    private void deleteRun(EngineEvent.DeleteRun delete, Step step) {
        ActiveRun ar = active.get(delete.dagId(), delete.runId());
        if (ar != null) {
            operations.deleteRun(ar, step);
            active.remove(ar);
        } else {
            step.changes.deleteRun(delete.dagId(), delete.runId());
        }
        step.effects.add(new Effect.Answer(delete.result(), true));
    }

    /** Evaluates the runs with something to evaluate; true when one of them finished. */
    private boolean evaluateRuns(Step step) {
        boolean finished = false;
        while (!dirtyRuns.isEmpty()) {
            List<ActiveRun> batch = List.copyOf(dirtyRuns);
            dirtyRuns.clear();
            for (ActiveRun ar : batch) {
                if (!active.contains(ar) || ar.run().state() != RunState.RUNNING) {
                    continue; // a queued run is looked at when it starts
                }
                if (settings.isPaused().test(ar.dag().dagId())) {
                    parkedRuns.add(ar); // keeps its candidates until the DAG is unpaused
                    continue;
                }
                if (ar.waitsOnPastRuns()) {
                    ar.markCandidates(ar.dag().tasks().keySet());
                }
                evaluator.evaluate(ar, step.now, step.changes);
                dirtyRuns.remove(ar); // settling its own instances marked it again
                if (ar.waitsOnPastRuns()) {
                    parkedRuns.add(ar);
                }
                RunEvaluator.RunVerdict verdict = evaluator.verdict(ar);
                if (verdict != null) {
                    finishRun(ar, verdict, step);
                    finished = true;
                }
            }
        }
        return finished;
    }

    void finishRun(ActiveRun ar, RunEvaluator.RunVerdict verdict, Step step) {
        DagRun finished = ar.run().withState(verdict.state(), ar.run().startDate(), step.now, step.now);
        step.changes.updateRun(ar.run().state(), finished);
        active.remove(ar);
        ar.setRun(finished);
        parkedRuns.remove(ar);
        finishedThisStep.put(finished.id(), ar);
        if (ar.dependsOnPast()) {
            PreviousRun asPrevious = new PreviousRun(finished.id(), List.copyOf(ar.taskInstances()));
            for (ActiveRun other : active.all()) {
                if (other.previous() != null && other.previous().id() == finished.id()) {
                    other.setPrevious(asPrevious);
                }
            }
        }
        CallbackKind kind = verdict.state() == RunState.SUCCESS ? CallbackKind.ON_SUCCESS : CallbackKind.ON_FAILURE;
        if (!ar.dag().callbacks(kind).isEmpty()) {
            step.effects.add(new Effect.DagCallbacks(ar.dag(), finished, kind, verdict.reason()));
        }
        step.effects.add(new Effect.RunFinished(finished));
        LOG.info("Run {} of {} finished: {} ({})", finished.runId(), finished.dagId(), verdict.state().value(),
                verdict.reason());
    }

    private void startTry(Admission.TaskInstanceRef ref, Step step) {
        ActiveRun ar = ref.run();
        TaskInstance scheduled = ar.get(ref.key());
        TaskInstance running = TryStarts.started(scheduled, settings, step.now);
        TaskWait resumed = waits.resumeOf(scheduled);
        if (resumed != null && resumed.resumesFromDeferral()) {
            // resuming from a deferral keeps the try's start date and XComs (Airflow's next_method)
            running = running.toBuilder().startDate(running.startDate() == null ? null : scheduled.startDate())
                    .build();
            ar.put(running);
            step.changes.update(TaskState.SCHEDULED, running);
        } else {
            // a rescheduled sensor's poke clears what the last one pushed
            boolean clearXComs = ar.takeXComsToClear(scheduled) || resumed != null;
            ar.put(running);
            ar.forgetXComs(running.taskId(), running.mapIndex());
            step.changes.update(TaskState.SCHEDULED, running);
            if (clearXComs) {
                step.changes.clearXComs(running.key());
            }
        }
        runningHere.add(running.key());
        step.effects.add(new Effect.StartTry(ar, ref.key()));
    }

    // ---------------------------------------------------------------- shared by the handlers

    /** Stops a try whose outcome no longer counts: its slot is freed now, the try is killed after the commit. */
    @Override
    public void abandonTry(ActiveRun ar, TaskInstance ti, String why, Step step) {
        stopTry(ar, ti, "Killed: " + why, step);
    }

    void stopTry(ActiveRun ar, TaskInstance ti, String message, Step step) {
        if (TaskState.EXECUTING.contains(ti.state()) && runningHere.remove(ti.key())) {
            admission.occupy(ar, ti, -1);
            step.effects.add(new Effect.KillTry(ti.key(), message));
        }
    }

    /** A try of this engine ended: it no longer holds a slot. False when it was not running here (fenced). */
    boolean tryEnded(ActiveRun ar, TaskInstance ti) {
        if (!runningHere.remove(ti.key())) {
            return false;
        }
        admission.occupy(ar, ti, -1);
        return true;
    }

    /** A scheduled instance waits for a slot. */
    void admit(ActiveRun ar, TaskInstance scheduled) {
        admission.add(ar, scheduled);
    }

    SensorWaits waits() {
        return waits;
    }

    @Override
    public void retryAt(ActiveRun ar, TaskInstanceKey key, Instant at) {
        retries.add(at, ar.run().id(), key);
    }

    /** Runs parked on depends_on_past look again at the task that just ended in another run of their DAG. */
    void wakeRunsDependingOnPast(ActiveRun finishedIn, Task task) {
        for (ActiveRun other : List.copyOf(parkedRuns)) {
            if (other != finishedIn && other.waitsOnPastRuns()
                    && other.dag().dagId().equals(finishedIn.dag().dagId())) {
                other.markCandidate(task.taskId());
                other.dag().downstream(task.taskId()).forEach(other::markCandidate);
            }
        }
    }
}
