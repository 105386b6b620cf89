package io.updraft.dag;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One task of a DAG, with Airflow's BaseOperator arguments resolved (default_args applied) and the
 * operator-specific arguments kept as written.
 *
 * @param taskId full id, prefixed by its task groups ({@code group.task})
 * @param operator the operator name as written ({@code airflow.operators.bash.BashOperator}); for TaskFlow
 *     tasks the decorator path
 * @param arguments operator-specific arguments (bash_command, op_kwargs, ...), not yet rendered
 * @param upstream ids of the direct upstream tasks
 * @param pythonCallable the callable of Python tasks, else null
 * @param expand dynamic task mapping: argument name to the values (or {@code "<task>.output"}) to map over; null
 *     when the task is not mapped
 * @param callbacks task callbacks by kind, default_args included
 */
public record Task(
        String taskId,
        String operator,
        Map<String, Object> arguments,
        Set<String> upstream,
        TriggerRule triggerRule,
        int retries,
        Duration retryDelay,
        boolean retryExponentialBackoff,
        Duration maxRetryDelay,
        Duration executionTimeout,
        String pool,
        int poolSlots,
        int priorityWeight,
        WeightRule weightRule,
        boolean dependsOnPast,
        boolean waitForDownstream,
        String owner,
        String queue,
        boolean doXcomPush,
        boolean multipleOutputs,
        String groupId,
        String displayName,
        Map<String, Object> params,
        PythonCallable pythonCallable,
        Map<String, Object> expand,
        Map<CallbackKind, List<Callback>> callbacks,
        java.time.Instant startDate,
        java.time.Instant endDate) {

    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(300);
    public static final String DEFAULT_POOL = "default_pool";

    public Task {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(operator, "operator");
        arguments = arguments == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
        upstream = upstream == null ? Set.of() : java.util.Collections.unmodifiableSet(new LinkedHashSet<>(upstream));
        params = params == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
        callbacks = callbacks == null || callbacks.isEmpty() ? Map.of() : Map.copyOf(callbacks);
    }

    public boolean isMapped() {
        return expand != null;
    }

    public List<Callback> callbacks(CallbackKind kind) {
        return callbacks.getOrDefault(kind, List.of());
    }

    public Task withUpstream(Set<String> newUpstream) {
        return toBuilder().upstream(newUpstream).build();
    }

    public static Builder builder(String taskId, String operator) {
        return new Builder(taskId, operator);
    }

    public Builder toBuilder() {
        Builder builder = new Builder(taskId, operator);
        builder.arguments = new LinkedHashMap<>(arguments);
        builder.upstream = new LinkedHashSet<>(upstream);
        builder.triggerRule = triggerRule;
        builder.retries = retries;
        builder.retryDelay = retryDelay;
        builder.retryExponentialBackoff = retryExponentialBackoff;
        builder.maxRetryDelay = maxRetryDelay;
        builder.executionTimeout = executionTimeout;
        builder.pool = pool;
        builder.poolSlots = poolSlots;
        builder.priorityWeight = priorityWeight;
        builder.weightRule = weightRule;
        builder.dependsOnPast = dependsOnPast;
        builder.waitForDownstream = waitForDownstream;
        builder.owner = owner;
        builder.queue = queue;
        builder.doXcomPush = doXcomPush;
        builder.multipleOutputs = multipleOutputs;
        builder.groupId = groupId;
        builder.displayName = displayName;
        builder.params = new LinkedHashMap<>(params);
        builder.pythonCallable = pythonCallable;
        builder.expand = expand;
        builder.callbacks = new EnumMap<>(CallbackKind.class);
        builder.callbacks.putAll(callbacks);
        builder.startDate = startDate;
        builder.endDate = endDate;
        return builder;
    }

    /** Builds a task with Airflow's defaults for every argument not set. */
    public static final class Builder {
        private final String taskId;
        private final String operator;
        private Map<String, Object> arguments = new LinkedHashMap<>();
        private Set<String> upstream = new LinkedHashSet<>();
        private TriggerRule triggerRule = TriggerRule.ALL_SUCCESS;
        private int retries;
        private Duration retryDelay = DEFAULT_RETRY_DELAY;
        private boolean retryExponentialBackoff;
        private Duration maxRetryDelay;
        private Duration executionTimeout;
        private String pool = DEFAULT_POOL;
        private int poolSlots = 1;
        private int priorityWeight = 1;
        private WeightRule weightRule = WeightRule.DOWNSTREAM;
        private boolean dependsOnPast;
        private boolean waitForDownstream;
        private String owner = "airflow";
        private java.time.Instant startDate;
        private java.time.Instant endDate;
        private String queue = "default";
        private boolean doXcomPush = true;
        private boolean multipleOutputs;
        private String groupId;
        private String displayName;
        private Map<String, Object> params = new LinkedHashMap<>();
        private PythonCallable pythonCallable;
        private Map<String, Object> expand;
        private Map<CallbackKind, List<Callback>> callbacks = new EnumMap<>(CallbackKind.class);

        private Builder(String taskId, String operator) {
            this.taskId = taskId;
            this.operator = operator;
        }

        public Builder arguments(Map<String, Object> value) { this.arguments = new LinkedHashMap<>(value); return this; }
        public Builder argument(String key, Object value) { this.arguments.put(key, value); return this; }
        public Builder upstream(Set<String> value) { this.upstream = new LinkedHashSet<>(value); return this; }
        public Builder upstream(String... taskIds) { this.upstream.addAll(List.of(taskIds)); return this; }
        public Builder triggerRule(TriggerRule value) { this.triggerRule = value; return this; }
        public Builder retries(int value) { this.retries = value; return this; }
        public Builder retryDelay(Duration value) { this.retryDelay = value; return this; }
        public Builder retryExponentialBackoff(boolean value) { this.retryExponentialBackoff = value; return this; }
        public Builder maxRetryDelay(Duration value) { this.maxRetryDelay = value; return this; }
        public Builder executionTimeout(Duration value) { this.executionTimeout = value; return this; }
        public Builder pool(String value) { this.pool = value; return this; }
        public Builder poolSlots(int value) { this.poolSlots = value; return this; }
        public Builder priorityWeight(int value) { this.priorityWeight = value; return this; }
        public Builder weightRule(WeightRule value) { this.weightRule = value; return this; }
        public Builder dependsOnPast(boolean value) { this.dependsOnPast = value; return this; }
        public Builder waitForDownstream(boolean value) { this.waitForDownstream = value; return this; }
        public Builder owner(String value) { this.owner = value; return this; }
        public Builder queue(String value) { this.queue = value; return this; }
        public Builder doXcomPush(boolean value) { this.doXcomPush = value; return this; }
        public Builder multipleOutputs(boolean value) { this.multipleOutputs = value; return this; }
        public Builder groupId(String value) { this.groupId = value; return this; }
        public Builder displayName(String value) { this.displayName = value; return this; }
        public Builder params(Map<String, Object> value) { this.params = new LinkedHashMap<>(value); return this; }
        public Builder pythonCallable(PythonCallable value) { this.pythonCallable = value; return this; }
        public Builder expand(Map<String, Object> value) { this.expand = value; return this; }
        public Builder callbacks(CallbackKind kind, List<Callback> value) { this.callbacks.put(kind, List.copyOf(value)); return this; }
        /** The task's own start_date (its config or its default_args); Airflow creates no instance before it. */
        public Builder startDate(java.time.Instant value) { this.startDate = value; return this; }
        /** The task's own end_date; Airflow creates no instance for a run after it. */
        public Builder endDate(java.time.Instant value) { this.endDate = value; return this; }

        public Task build() {
            return new Task(taskId, operator, arguments, upstream, triggerRule, retries, retryDelay,
                    retryExponentialBackoff, maxRetryDelay, executionTimeout, pool, poolSlots, priorityWeight,
                    weightRule, dependsOnPast || waitForDownstream, waitForDownstream, owner, queue, doXcomPush,
                    multipleOutputs, groupId, displayName == null ? taskId : displayName, params, pythonCallable,
                    expand, callbacks, startDate, endDate);
        }
    }
}
