package io.updraft.dag.factory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The upstream edges between a DAG's tasks while they are being wired; finds roots, leaves and cycles. */
final class TaskGraph {

    private final Map<String, Set<String>> upstream = new LinkedHashMap<>();

    TaskGraph(Collection<String> taskIds) {
        taskIds.forEach(id -> upstream.put(id, new LinkedHashSet<>()));
    }

    void addEdge(String upstreamId, String downstreamId) {
        upstream.get(downstreamId).add(upstreamId);
    }

    Set<String> upstreamOf(String taskId) {
        return upstream.get(taskId);
    }

    /** Members with no upstream among the members: where a group's own dependencies attach. */
    List<String> roots(Collection<String> members) {
        Set<String> memberSet = new HashSet<>(members);
        return members.stream()
                .filter(id -> upstream.get(id).stream().noneMatch(memberSet::contains))
                .toList();
    }

    /** Members with no downstream among the members: what "depends on the group" waits for. */
    List<String> leaves(Collection<String> members) {
        Set<String> memberSet = new HashSet<>(members);
        Set<String> hasDownstream = new HashSet<>();
        members.forEach(id -> upstream.get(id).stream().filter(memberSet::contains).forEach(hasDownstream::add));
        return members.stream().filter(id -> !hasDownstream.contains(id)).toList();
    }

    /** One cycle as {@code [a, b, c, a]} (each depends on the one before it), or an empty list. */
    List<String> findCycle() {
        Map<String, Integer> state = new HashMap<>();
        for (String start : upstream.keySet()) {
            List<String> cycle = visit(start, state, new ArrayList<>());
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        return List.of();
    }

    /** Depth-first over upstream edges; state 1 = on the current path, 2 = done. */
    private List<String> visit(String id, Map<String, Integer> state, List<String> path) {
        Integer seen = state.get(id);
        if (seen != null && seen == 2) {
            return List.of();
        }
        if (seen != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(id), path.size()));
            cycle.add(id);
            java.util.Collections.reverse(cycle);
            return cycle;
        }
        state.put(id, 1);
        path.add(id);
        for (String up : upstream.get(id)) {
            List<String> cycle = visit(up, state, path);
            if (!cycle.isEmpty()) {
                return cycle;
            }
        }
        path.remove(path.size() - 1);
        state.put(id, 2);
        return List.of();
    }
}
