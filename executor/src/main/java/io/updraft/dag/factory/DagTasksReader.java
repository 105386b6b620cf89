package io.updraft.dag.factory;

import io.updraft.dag.OperatorCatalog;
import io.updraft.dag.Task;
import io.updraft.dag.TaskGroup;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads a DAG's {@code tasks} and {@code task_groups} and wires them: task-to-task dependencies first; then, innermost
 * groups first, each group's own dependencies (onto the group's root tasks) and dependencies on the group (on its
 * leaf tasks).
 */
final class DagTasksReader {

    /** The wired tasks and the groups of one DAG. */
    record Result(List<Task> tasks, List<TaskGroup> groups) {
    }

    private static final Pattern TASK_ID = Pattern.compile("[\\w.-]{1,250}");

    private final OperatorCatalog catalog;
    private final ConfigWarnings warnings;
    private final DateValues dates;

    DagTasksReader(OperatorCatalog catalog, ConfigWarnings warnings, DateValues dates) {
        this.catalog = catalog;
        this.warnings = warnings;
        this.dates = dates;
    }

    Result read(Map<String, Object> dagConfig, Map<String, Object> defaultArgs, ConfigPath dagPath) {
        ConfigPath tasksPath = dagPath.child("tasks");
        ConfigPath groupsPath = dagPath.child("task_groups");
        Map<String, Map<String, Object>> taskConfigs = NamedEntries.read(dagConfig.get("tasks"), "task_id", tasksPath);
        TaskGroupTree groups = TaskGroupTree.build(
                NamedEntries.read(dagConfig.get("task_groups"), "group_name", groupsPath), groupsPath, warnings);

        ConfigErrors errors = new ConfigErrors();
        Map<String, String> taskIds = new LinkedHashMap<>();
        Map<String, TaskGroupTree.Group> groupOfTask = new LinkedHashMap<>();
        taskConfigs.forEach((name, config) -> errors.attempt(() -> {
            TaskGroupTree.Group group = groupOf(name, config, groups, tasksPath.child(name));
            String taskId = group == null ? name : group.groupId() + "." + name;
            if (!TASK_ID.matcher(taskId).matches()) {
                throw new ConfigException(tasksPath.child(name), "task id '" + taskId
                        + "' must be 1 to 250 letters, digits, '_', '-' or '.'");
            }
            if (taskIds.containsValue(taskId)) {
                throw new ConfigException(tasksPath.child(name), "duplicate task id '" + taskId + "'");
            }
            taskIds.put(name, taskId);
            groupOfTask.put(taskId, group);
        }));

        TaskNames names = new TaskNames(taskIds, groups);
        TaskReader reader = new TaskReader(catalog, warnings, names, dates);
        TaskGraph graph = new TaskGraph(taskIds.values());
        List<TaskReader.Draft> drafts = new ArrayList<>();
        taskConfigs.forEach((name, config) -> {
            String taskId = taskIds.get(name);
            if (taskId == null) {
                return; // its id was refused above
            }
            TaskGroupTree.Group group = groupOfTask.get(taskId);
            TaskReader.Draft draft = errors.attempt(() -> reader.read(name, taskId,
                    group == null ? null : group.groupId(), config, defaultArgsFor(group, defaultArgs, groups),
                    tasksPath.child(name), dagPath.child("default_args")), null);
            if (draft != null) {
                draft.upstreamTasks().forEach(up -> graph.addEdge(up, taskId));
                drafts.add(draft);
            }
        });
        // the wiring below needs every task; what is wrong so far is reported together
        errors.throwIfAny();
        // a group's leaves and roots depend on the edges inside it, so wire the innermost groups first
        int deepest = groups.groups().stream().mapToInt(DagTasksReader::depth).max().orElse(0);
        for (int depth = deepest; depth >= 1; depth--) {
            for (TaskGroupTree.Group group : groups.groups()) {
                if (depth(group) == depth) {
                    wireGroupDependencies(group, names, groupOfTask, graph);
                }
            }
            for (TaskReader.Draft draft : drafts) {
                for (TaskGroupTree.Group group : draft.upstreamGroups()) {
                    if (depth(group) == depth) {
                        graph.leaves(members(group, groupOfTask)).forEach(leaf -> graph.addEdge(leaf, draft.taskId()));
                    }
                }
            }
        }
        List<String> cycle = graph.findCycle();
        if (!cycle.isEmpty()) {
            String first = cycle.get(0);
            String name = taskIds.entrySet().stream().filter(e -> e.getValue().equals(first))
                    .map(Map.Entry::getKey).findFirst().orElse(first);
            throw new ConfigException(tasksPath.child(name).child("dependencies"),
                    "tasks depend on each other in a cycle: " + String.join(" -> ", cycle));
        }
        List<Task> tasks = drafts.stream()
                .map(draft -> draft.builder().upstream(graph.upstreamOf(draft.taskId())).build())
                .toList();
        return new Result(tasks, groups.groups().stream().map(groups::toTaskGroup).toList());
    }

    private static TaskGroupTree.Group groupOf(String name, Map<String, Object> config, TaskGroupTree groups,
                                               ConfigPath path) {
        Object groupName = config.get("task_group_name");
        if (groupName == null) {
            return null;
        }
        ConfigPath groupPath = path.child("task_group_name");
        TaskGroupTree.Group group = groups.find(ConfigValues.string(groupName, groupPath));
        if (group == null) {
            throw new ConfigException(groupPath, "task '" + name + "' is in task group '" + groupName
                    + "', which does not exist");
        }
        return group;
    }

    /** DAG default_args overlaid by those of the task's groups, outermost first, as Airflow's TaskGroup does. */
    private static Map<String, Object> defaultArgsFor(TaskGroupTree.Group group, Map<String, Object> dagDefaultArgs,
                                                      TaskGroupTree groups) {
        if (group == null) {
            return dagDefaultArgs;
        }
        Map<String, Object> merged = new LinkedHashMap<>(dagDefaultArgs);
        groups.defaultArgsChain(group).forEach(merged::putAll);
        return merged;
    }

    private static int depth(TaskGroupTree.Group group) {
        return group.groupId().split("\\.").length;
    }

    /** Ids of the tasks in a group and in the groups nested in it. */
    private static List<String> members(TaskGroupTree.Group group, Map<String, TaskGroupTree.Group> groupOfTask) {
        String prefix = group.groupId() + ".";
        return groupOfTask.entrySet().stream()
                .filter(e -> e.getValue() != null
                        && (e.getValue() == group || e.getValue().groupId().startsWith(prefix)))
                .map(Map.Entry::getKey)
                .toList();
    }

    private static void wireGroupDependencies(TaskGroupTree.Group group, TaskNames names,
                                              Map<String, TaskGroupTree.Group> groupOfTask, TaskGraph graph) {
        ConfigPath path = group.path().child("dependencies");
        List<String> upstream = new ArrayList<>();
        for (String dependency : ConfigValues.strings(group.config().get("dependencies"), path)) {
            String task = names.taskId(dependency);
            TaskGroupTree.Group upstreamGroup = names.group(dependency);
            if (task != null) {
                upstream.add(task);
            } else if (upstreamGroup != null) {
                upstream.addAll(graph.leaves(members(upstreamGroup, groupOfTask)));
            } else {
                throw new ConfigException(path, "task group '" + group.name() + "' depends on '" + dependency
                        + "', which is neither a task nor a task group of this DAG");
            }
        }
        List<String> roots = graph.roots(members(group, groupOfTask));
        roots.forEach(root -> upstream.forEach(up -> graph.addEdge(up, root)));
    }
}
