package io.updraft.dag.factory;

import io.updraft.dag.TaskGroup;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A DAG's task groups with their full ids: a group nested through {@code parent_group_name} gets the id
 * {@code outer.inner}. Group names may not contain dots (Airflow's GROUP_KEY_REGEX).
 */
final class TaskGroupTree {

    record Group(String name, String groupId, String parentGroupId, Map<String, Object> config, ConfigPath path) {
    }

    private static final Pattern GROUP_NAME = Pattern.compile("[\\w-]+");

    private final Map<String, Group> byName = new LinkedHashMap<>();
    private final Map<String, Group> byGroupId = new LinkedHashMap<>();

    static TaskGroupTree build(Map<String, Map<String, Object>> configs, ConfigPath groupsPath,
                               ConfigWarnings warnings) {
        TaskGroupTree tree = new TaskGroupTree();
        configs.forEach((name, config) -> {
            ConfigPath path = groupsPath.child(name);
            if (!GROUP_NAME.matcher(name).matches()) {
                throw new ConfigException(path, "task group name '" + name
                        + "' may only contain letters, digits, '_' and '-'");
            }
            config.keySet().stream().filter(key -> !ConfigKeys.TASK_GROUP_KEYS.contains(key)).forEach(key ->
                    warnings.add(path.child(key), "task group '" + name + "': unknown key '" + key + "' ignored"));
            if (Boolean.FALSE.equals(config.get("prefix_group_id"))) {
                warnings.add(path.child("prefix_group_id"), "task group '" + name
                        + "': prefix_group_id: false is not supported; task ids keep the group prefix");
            }
        });
        configs.keySet().forEach(name -> tree.add(name, configs, groupsPath));
        return tree;
    }

    private void add(String name, Map<String, Map<String, Object>> configs, ConfigPath groupsPath) {
        List<String> chain = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String current = name; current != null; current = parentName(current, configs, groupsPath)) {
            if (!seen.add(current)) {
                chain.add(current);
                throw new ConfigException(groupsPath.child(name).child("parent_group_name"),
                        "task groups nest in a cycle: " + String.join(" -> ", chain));
            }
            chain.add(current);
        }
        List<String> outermostFirst = new ArrayList<>(chain);
        Collections.reverse(outermostFirst);
        String groupId = String.join(".", outermostFirst);
        String parentId = outermostFirst.size() == 1 ? null
                : String.join(".", outermostFirst.subList(0, outermostFirst.size() - 1));
        Group group = new Group(name, groupId, parentId, configs.get(name), groupsPath.child(name));
        byName.put(name, group);
        byGroupId.put(groupId, group);
    }

    private static String parentName(String name, Map<String, Map<String, Object>> configs, ConfigPath groupsPath) {
        Object parent = configs.get(name).get("parent_group_name");
        if (parent == null) {
            return null;
        }
        ConfigPath path = groupsPath.child(name).child("parent_group_name");
        String parentName = ConfigValues.string(parent, path);
        if (!configs.containsKey(parentName)) {
            throw new ConfigException(path, "task group '" + name + "' names parent group '" + parentName
                    + "', which does not exist");
        }
        return parentName;
    }

    /** A group by its name as written, or by its full id; null when there is none. */
    Group find(String nameOrId) {
        Group group = byName.get(nameOrId);
        return group != null ? group : byGroupId.get(nameOrId);
    }

    Collection<Group> groups() {
        return byName.values();
    }

    /** The default_args of a group's ancestors and of the group, outermost first. */
    List<Map<String, Object>> defaultArgsChain(Group group) {
        List<Map<String, Object>> chain = new ArrayList<>();
        for (Group current = group; current != null; current = current.parentGroupId() == null ? null
                : byGroupId.get(current.parentGroupId())) {
            chain.add(0, ConfigValues.map(current.config().get("default_args"), current.path().child("default_args")));
        }
        return chain;
    }

    TaskGroup toTaskGroup(Group group) {
        Object tooltip = group.config().get("tooltip");
        return new TaskGroup(group.groupId(), group.parentGroupId(),
                tooltip == null ? null : ConfigValues.string(tooltip, group.path().child("tooltip")));
    }
}
