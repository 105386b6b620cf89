package io.updraft.run;

import io.updraft.dag.Task;
import io.updraft.dag.XComArg;
import java.util.List;
import java.util.Map;

/** The evaluator's view of the engine's state in a decision step. Confined to the engine thread. */
final class EvaluationHooks implements RunEvaluator.Context {

    private final EngineSettings settings;
    private final Admission admission;
    private final RunIndex active;
    private final Map<Long, ActiveRun> finishedThisStep;

    EvaluationHooks(EngineSettings settings, Admission admission, RunIndex active,
                    Map<Long, ActiveRun> finishedThisStep) {
        this.settings = settings;
        this.admission = admission;
        this.active = active;
        this.finishedThisStep = finishedThisStep;
    }

    @Override
    public void scheduled(ActiveRun run, TaskInstance ti) {
        admission.add(run, ti);
    }

    @Override
    public boolean skipsExecution(Task task) {
        return settings.skipsExecution().test(task);
    }

    @Override
    public Object pullXCom(ActiveRun run, XComArg reference) {
        return run.pullXCom(reference);
    }

    @Override
    public boolean pastDependsMet(ActiveRun ar, Task task, TaskInstance ti) {
        return PastDependencies.met(ar, task, ti, previousInstances(ar));
    }

    /** The previous run's instances: live while this engine holds it, else as read or as it finished here. */
    private List<TaskInstance> previousInstances(ActiveRun ar) {
        PreviousRun previous = ar.previous();
        if (previous == null) {
            return null;
        }
        ActiveRun live = active.get(previous.id());
        if (live == null) {
            live = finishedThisStep.get(previous.id());
        }
        return live != null ? List.copyOf(live.taskInstances()) : previous.taskInstances();
    }
}
