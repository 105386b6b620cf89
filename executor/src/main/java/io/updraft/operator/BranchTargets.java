package io.updraft.operator;

import io.updraft.dag.Dag;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Checks a branch's choice and expands task group ids to the group's root tasks (Airflow's SkipMixin). */
final class BranchTargets {

    private BranchTargets() {
    }

    /** @throws IllegalArgumentException when an id is neither a direct downstream task nor such a group */
    static Set<String> resolve(Dag dag, String branchTaskId, Set<String> chosen) {
        Set<String> followed = new LinkedHashSet<>();
        Set<String> invalid = new LinkedHashSet<>();
        Set<String> downstream = dag.downstream(branchTaskId);
        for (String id : chosen) {
            List<String> targets = dag.task(id) != null ? List.of(id)
                    : dag.taskGroups().containsKey(id) ? groupRoots(dag, id) : List.of();
            if (targets.isEmpty() || !downstream.containsAll(targets)) {
                invalid.add(id);
            }
            followed.addAll(targets);
        }
        if (!invalid.isEmpty()) {
            throw new IllegalArgumentException("'branch_task_ids' must contain only valid task_ids. Invalid tasks "
                    + "found: " + invalid + "; the direct downstream tasks of '" + branchTaskId + "' are "
                    + downstream);
        }
        return followed;
    }

    static List<String> groupRoots(Dag dag, String groupId) {
        List<String> members = dag.tasksInGroup(groupId);
        return members.stream()
                .filter(id -> dag.task(id).upstream().stream().noneMatch(members::contains))
                .toList();
    }
}
