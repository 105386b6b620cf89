package io.updraft.dag;

import java.util.List;
import java.util.Map;

/**
 * The assets of a DAG: the condition its asset schedule waits for (null when it is not asset-scheduled) and each
 * task's outlets (assets it updates on success), outlet aliases and inlets. Immutable.
 */
public record DagAssets(AssetCondition schedule, Map<String, TaskAssets> tasks) {

    public static final DagAssets NONE = new DagAssets(null, Map.of());

    /** The task keys holding assets: BaseOperator's, read by the loader and never handed to an operator. */
    public static final java.util.Set<String> TASK_KEYS = java.util.Set.of("inlets", "outlets");

    /** One task's {@code outlets} (assets and aliases) and {@code inlets}. */
    public record TaskAssets(List<AssetRef> outlets, List<String> outletAliases, List<AssetRef> inlets) {
        public TaskAssets {
            outlets = List.copyOf(outlets);
            outletAliases = List.copyOf(outletAliases);
            inlets = List.copyOf(inlets);
        }
    }

    public DagAssets {
        tasks = Map.copyOf(tasks);
    }

    public List<AssetRef> outlets(String taskId) {
        TaskAssets task = tasks.get(taskId);
        return task == null ? List.of() : task.outlets();
    }

    public boolean isEmpty() {
        return schedule == null && tasks.isEmpty();
    }
}
