package io.updraft.dag;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A loaded DAG: its settings and its tasks in topological order, with the graph facts the engine asks for often
 * (downstream tasks, leaves, effective priority weights) computed once. Immutable and thread-safe.
 */
public final class Dag {

    public static final int DEFAULT_MAX_ACTIVE_RUNS = 16;
    public static final int DEFAULT_MAX_ACTIVE_TASKS = 16;

    private final String dagId;
    private final String fileloc;
    private final String versionHash;
    private final String displayName;
    private final String description;
    private final String docMd;
    private final Schedule schedule;
    private final Instant startDate;
    private final Instant endDate;
    private final ZoneId timezone;
    private final boolean catchup;
    private final int maxActiveRuns;
    private final int maxActiveTasks;
    private final Duration dagrunTimeout;
    private final List<String> tags;
    private final Map<String, Object> params;
    private final boolean renderTemplateAsNativeObj;
    private final Map<String, Object> userDefinedMacros;
    private final Map<String, String> userDefinedFilters;
    private final Boolean isPausedUponCreation;
    private final Map<CallbackKind, List<Callback>> callbacks;
    private final Map<String, Task> tasks;
    private final Map<String, TaskGroup> taskGroups;
    private final List<String> warnings;
    private final DagAssets assets;

    private final Map<String, Set<String>> downstream;
    /** Each task's index in {@link #tasks}' topological order. */
    private final Map<String, Integer> positions;
    private final Map<String, Integer> effectivePriority;
    private final List<String> leaves;

    private Dag(Builder builder) {
        this.dagId = Objects.requireNonNull(builder.dagId, "dagId");
        this.fileloc = builder.fileloc;
        this.versionHash = builder.versionHash;
        this.displayName = builder.displayName == null ? builder.dagId : builder.displayName;
        this.description = builder.description;
        this.docMd = builder.docMd;
        this.schedule = builder.schedule == null ? Schedule.NONE : builder.schedule;
        this.startDate = builder.startDate;
        this.endDate = builder.endDate;
        this.timezone = builder.timezone == null ? ZoneId.of("UTC") : builder.timezone;
        this.catchup = builder.catchup;
        this.maxActiveRuns = builder.maxActiveRuns;
        this.maxActiveTasks = builder.maxActiveTasks;
        this.dagrunTimeout = builder.dagrunTimeout;
        this.tags = List.copyOf(builder.tags);
        this.params = Collections.unmodifiableMap(new LinkedHashMap<>(builder.params));
        this.renderTemplateAsNativeObj = builder.renderTemplateAsNativeObj;
        this.userDefinedMacros = Collections.unmodifiableMap(new LinkedHashMap<>(builder.userDefinedMacros));
        this.userDefinedFilters = Collections.unmodifiableMap(new LinkedHashMap<>(builder.userDefinedFilters));
        this.isPausedUponCreation = builder.isPausedUponCreation;
        this.callbacks = builder.callbacks.isEmpty() ? Map.of() : Map.copyOf(builder.callbacks);
        this.taskGroups = Collections.unmodifiableMap(new LinkedHashMap<>(builder.taskGroups));
        this.warnings = List.copyOf(builder.warnings);
        this.assets = builder.assets;
        this.tasks = Collections.unmodifiableMap(topologicalOrder(builder.tasks));
        this.downstream = downstreamOf(this.tasks);
        this.positions = new HashMap<>();
        this.tasks.keySet().forEach(id -> positions.put(id, positions.size()));
        this.leaves = this.tasks.keySet().stream().filter(id -> downstream.get(id).isEmpty()).toList();
        this.effectivePriority = effectivePriorities();
    }

    /** Orders tasks so that every task comes after its upstream tasks; rejects cycles and unknown upstreams. */
    private static Map<String, Task> topologicalOrder(Map<String, Task> tasks) {
        Map<String, Integer> pending = new HashMap<>();
        Map<String, List<String>> children = new HashMap<>();
        for (Task task : tasks.values()) {
            pending.put(task.taskId(), task.upstream().size());
            for (String up : task.upstream()) {
                if (!tasks.containsKey(up)) {
                    throw new IllegalArgumentException(
                            "task '" + task.taskId() + "' depends on '" + up + "', which is not a task of this DAG");
                }
                children.computeIfAbsent(up, k -> new ArrayList<>()).add(task.taskId());
            }
        }
        Deque<String> ready = new ArrayDeque<>();
        tasks.keySet().stream().filter(id -> pending.get(id) == 0).forEach(ready::add);
        Map<String, Task> ordered = new LinkedHashMap<>();
        while (!ready.isEmpty()) {
            String id = ready.poll();
            ordered.put(id, tasks.get(id));
            for (String child : children.getOrDefault(id, List.of())) {
                if (pending.merge(child, -1, Integer::sum) == 0) {
                    ready.add(child);
                }
            }
        }
        if (ordered.size() != tasks.size()) {
            List<String> inCycle = tasks.keySet().stream().filter(id -> !ordered.containsKey(id)).sorted().toList();
            throw new IllegalArgumentException("cycle between tasks " + inCycle);
        }
        return ordered;
    }

    private static Map<String, Set<String>> downstreamOf(Map<String, Task> tasks) {
        Map<String, Set<String>> result = new HashMap<>();
        tasks.keySet().forEach(id -> result.put(id, new LinkedHashSet<>()));
        tasks.values().forEach(task -> task.upstream().forEach(up -> result.get(up).add(task.taskId())));
        result.replaceAll((id, set) -> Collections.unmodifiableSet(set));
        return Collections.unmodifiableMap(result);
    }

    private Map<String, Integer> effectivePriorities() {
        Map<String, Integer> result = new HashMap<>();
        for (Task task : tasks.values()) {
            long weight = task.priorityWeight();
            if (task.weightRule() == WeightRule.DOWNSTREAM) {
                for (String id : closure(task.taskId(), true)) {
                    weight += tasks.get(id).priorityWeight();
                }
            } else if (task.weightRule() == WeightRule.UPSTREAM) {
                for (String id : closure(task.taskId(), false)) {
                    weight += tasks.get(id).priorityWeight();
                }
            }
            // Airflow clamps to the int32 range
            result.put(task.taskId(), (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, weight)));
        }
        return Collections.unmodifiableMap(result);
    }

    /** Every task transitively downstream (or upstream) of the given one, excluding it. */
    public Set<String> closure(String taskId, boolean downstreamDirection) {
        Set<String> seen = new LinkedHashSet<>();
        Deque<String> todo = new ArrayDeque<>(next(taskId, downstreamDirection));
        while (!todo.isEmpty()) {
            String id = todo.poll();
            if (seen.add(id)) {
                todo.addAll(next(id, downstreamDirection));
            }
        }
        return seen;
    }

    private Set<String> next(String taskId, boolean downstreamDirection) {
        return downstreamDirection ? downstream.get(taskId) : tasks.get(taskId).upstream();
    }

    public String dagId() { return dagId; }
    /** The file this DAG was loaded from; null for DAGs built in code. */
    public String fileloc() { return fileloc; }
    /** Content hash of this DAG's resolved definition: its DAG version. */
    public String versionHash() { return versionHash; }
    public String displayName() { return displayName; }
    public String description() { return description; }
    public String docMd() { return docMd; }
    public Schedule schedule() { return schedule; }
    public Instant startDate() { return startDate; }
    public Instant endDate() { return endDate; }
    public ZoneId timezone() { return timezone; }
    public boolean catchup() { return catchup; }
    public int maxActiveRuns() { return maxActiveRuns; }
    public int maxActiveTasks() { return maxActiveTasks; }
    public Duration dagrunTimeout() { return dagrunTimeout; }
    public List<String> tags() { return tags; }
    public Map<String, Object> params() { return params; }
    public boolean renderTemplateAsNativeObj() { return renderTemplateAsNativeObj; }
    /** {@code user_defined_macros}: a name's value is a Python callable's dotted path (a string), a mapping of more
     * of them, or any other value as written. */
    public Map<String, Object> userDefinedMacros() { return userDefinedMacros; }
    /** {@code user_defined_filters}: a filter's name and its Python callable's dotted path. */
    public Map<String, String> userDefinedFilters() { return userDefinedFilters; }
    public Boolean isPausedUponCreation() { return isPausedUponCreation; }
    public List<Callback> callbacks(CallbackKind kind) { return callbacks.getOrDefault(kind, List.of()); }
    /** Tasks in topological order. */
    public Map<String, Task> tasks() { return tasks; }
    public Task task(String taskId) { return tasks.get(taskId); }
    public Map<String, TaskGroup> taskGroups() { return taskGroups; }
    /** Keys that were ignored or questionable when loading, each naming the key and why. */
    public List<String> warnings() { return warnings; }
    /** The asset schedule and the tasks' outlets and inlets. */
    public DagAssets assets() { return assets; }
    public Set<String> downstream(String taskId) { return downstream.get(taskId); }
    /** The task's index in the topological order of {@link #tasks}; -1 for a task this DAG does not have. */
    public int position(String taskId) { return positions.getOrDefault(taskId, -1); }
    public List<String> leaves() { return leaves; }
    public int effectivePriority(String taskId) { return effectivePriority.get(taskId); }

    /** Distinct owners of the tasks, as Airflow's API reports them. */
    public List<String> owners() {
        return tasks.values().stream().map(Task::owner).distinct().toList();
    }

    /** Ids of the tasks in a group and its nested groups. */
    public List<String> tasksInGroup(String groupId) {
        String prefix = groupId + ".";
        return tasks.values().stream()
                .filter(t -> t.groupId() != null && (t.groupId().equals(groupId) || t.groupId().startsWith(prefix)))
                .map(Task::taskId).toList();
    }

    public static Builder builder(String dagId) {
        return new Builder(dagId);
    }

    /** Builds a DAG with Airflow 3's defaults for every setting not given. */
    public static final class Builder {
        private final String dagId;
        private String fileloc;
        private String versionHash;
        private String displayName;
        private String description;
        private String docMd;
        private Schedule schedule;
        private Instant startDate;
        private Instant endDate;
        private ZoneId timezone;
        private boolean catchup;
        private int maxActiveRuns = DEFAULT_MAX_ACTIVE_RUNS;
        private int maxActiveTasks = DEFAULT_MAX_ACTIVE_TASKS;
        private Duration dagrunTimeout;
        private List<String> tags = new ArrayList<>();
        private Map<String, Object> params = new LinkedHashMap<>();
        private boolean renderTemplateAsNativeObj;
        private Map<String, Object> userDefinedMacros = Map.of();
        private Map<String, String> userDefinedFilters = Map.of();
        private Boolean isPausedUponCreation;
        private final Map<CallbackKind, List<Callback>> callbacks = new EnumMap<>(CallbackKind.class);
        private final Map<String, Task> tasks = new LinkedHashMap<>();
        private final Map<String, TaskGroup> taskGroups = new LinkedHashMap<>();
        private List<String> warnings = new ArrayList<>();
        private DagAssets assets = DagAssets.NONE;

        private Builder(String dagId) {
            this.dagId = dagId;
        }

        public Builder fileloc(String value) { this.fileloc = value; return this; }
        public Builder versionHash(String value) { this.versionHash = value; return this; }
        public Builder displayName(String value) { this.displayName = value; return this; }
        public Builder description(String value) { this.description = value; return this; }
        public Builder docMd(String value) { this.docMd = value; return this; }
        public Builder schedule(Schedule value) { this.schedule = value; return this; }
        public Builder startDate(Instant value) { this.startDate = value; return this; }
        public Builder endDate(Instant value) { this.endDate = value; return this; }
        public Builder timezone(ZoneId value) { this.timezone = value; return this; }
        public Builder catchup(boolean value) { this.catchup = value; return this; }
        public Builder maxActiveRuns(int value) { this.maxActiveRuns = value; return this; }
        public Builder maxActiveTasks(int value) { this.maxActiveTasks = value; return this; }
        public Builder dagrunTimeout(Duration value) { this.dagrunTimeout = value; return this; }
        public Builder tags(List<String> value) { this.tags = new ArrayList<>(value); return this; }
        public Builder params(Map<String, Object> value) { this.params = new LinkedHashMap<>(value); return this; }
        public Builder renderTemplateAsNativeObj(boolean value) { this.renderTemplateAsNativeObj = value; return this; }
        public Builder userDefinedMacros(Map<String, Object> value) { this.userDefinedMacros = value; return this; }
        public Builder userDefinedFilters(Map<String, String> value) { this.userDefinedFilters = value; return this; }
        public Builder isPausedUponCreation(Boolean value) { this.isPausedUponCreation = value; return this; }
        public Builder callbacks(CallbackKind kind, List<Callback> value) { this.callbacks.put(kind, List.copyOf(value)); return this; }
        public Builder task(Task task) { this.tasks.put(task.taskId(), task); return this; }
        public Builder taskGroup(TaskGroup group) { this.taskGroups.put(group.groupId(), group); return this; }
        public Builder warnings(List<String> value) { this.warnings = new ArrayList<>(value); return this; }
        public Builder assets(DagAssets value) { this.assets = value; return this; }

        /** @throws IllegalArgumentException on a cycle or a dependency on a task that does not exist */
        public Dag build() {
            return new Dag(this);
        }
    }
}
