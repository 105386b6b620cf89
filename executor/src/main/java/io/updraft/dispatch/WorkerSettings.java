package io.updraft.dispatch;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A node's settings for remote workers, from the environment.
 *
 * @param localQueues UPDRAFT_LOCAL_QUEUES (default {@code default}): the task queues this node runs in-process,
 *     comma-separated; tasks on other queues wait for a remote worker. Empty: the node runs no task itself
 * @param zombieThreshold UPDRAFT_ZOMBIE_THRESHOLD in seconds (default 300, Airflow's
 *     {@code task_instance_heartbeat_timeout}): a worker silent for longer has its tries failed as zombies
 */
public record WorkerSettings(Set<String> localQueues, Duration zombieThreshold) {

    public static final Duration DEFAULT_ZOMBIE_THRESHOLD = Duration.ofSeconds(300);

    public static WorkerSettings from(Map<String, String> env) {
        String queues = env.getOrDefault("UPDRAFT_LOCAL_QUEUES", "default");
        return new WorkerSettings(queues(queues), seconds("UPDRAFT_ZOMBIE_THRESHOLD",
                env.get("UPDRAFT_ZOMBIE_THRESHOLD"), DEFAULT_ZOMBIE_THRESHOLD));
    }

    /** A comma-separated list of queue names; blanks are dropped. */
    public static Set<String> queues(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(q -> !q.isEmpty())
                .collect(Collectors.toCollection(java.util.LinkedHashSet::new));
    }

    static Duration seconds(String name, String text, Duration fallback) {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            Duration value = Duration.ofMillis(Math.round(Double.parseDouble(text.trim()) * 1000));
            if (value.toMillis() >= 500) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a number of seconds >= 0.5, not '" + text + "'");
    }
}
