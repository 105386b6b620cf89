package io.updraft.dag.factory;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Resolves the names a DAG file uses for tasks: as written ({@code task_3}, which dag-factory prefixes with the
 * task's group) or as full ids ({@code group.task_3}); and group names or ids.
 */
final class TaskNames {

    private final Map<String, String> taskIdByName;
    private final Set<String> taskIds;
    private final TaskGroupTree groups;

    TaskNames(Map<String, String> taskIdByName, TaskGroupTree groups) {
        this.taskIdByName = taskIdByName;
        this.taskIds = new HashSet<>(taskIdByName.values());
        this.groups = groups;
    }

    /** The full task id for a name, or null when it names no task. */
    String taskId(String name) {
        String byName = taskIdByName.get(name);
        if (byName != null) {
            return byName;
        }
        return taskIds.contains(name) ? name : null;
    }

    /** The group for a name, or null when it names no group. */
    TaskGroupTree.Group group(String name) {
        return groups.find(name);
    }

    /** Every name a dependency may use: tasks as written and by id, and groups (for "did you mean"). */
    java.util.Collection<String> all() {
        Set<String> all = new java.util.TreeSet<>(taskIdByName.keySet());
        all.addAll(taskIds);
        groups.groups().forEach(group -> {
            all.add(group.name());
            all.add(group.groupId());
        });
        return all;
    }

    /** The full id of a task referenced from {@code path}; fails when there is no such task. */
    String requireTask(String name, ConfigPath path, String taskName) {
        String id = taskId(name);
        if (id == null) {
            throw new ConfigException(path, "task '" + taskName + "' refers to task '" + name
                    + "', which does not exist in this DAG");
        }
        return id;
    }
}
