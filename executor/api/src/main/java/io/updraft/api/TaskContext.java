package io.updraft.api;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * What a running task may see of the system: its identity, its run, its arguments, XCom, variables and its log.
 * One context serves one try of one task instance and is used from that try's thread only.
 */
public interface TaskContext {

    String dagId();

    String taskId();

    String runId();

    /** -1 unless the task is mapped. */
    int mapIndex();

    /** 1 for the first try. */
    int tryNumber();

    int maxTries();

    /** Empty for runs without a logical date (Airflow 3 manual runs triggered with {@code logical_date: null}). */
    Optional<OffsetDateTime> logicalDate();

    Optional<OffsetDateTime> dataIntervalStart();

    Optional<OffsetDateTime> dataIntervalEnd();

    /** Content hash of the DAG definition this run executes (its DAG version). */
    String dagVersion();

    /** The task's arguments, rendered for this try. */
    Map<String, Object> arguments();

    /** DAG params, overridden by the run's conf. */
    Map<String, Object> params();

    /** The run's conf as given when it was triggered. */
    Map<String, Object> conf();

    /** This try's log file; what is printed here is the task log. */
    PrintStream log();

    /** An XCom value of the same run, or null when there is none. */
    Object xcomPull(String taskId, String key);

    default Object xcomPull(String taskId) {
        return xcomPull(taskId, "return_value");
    }

    /** Stores an XCom of this task instance; it becomes visible when the try ends successfully. */
    void xcomPush(String key, Object value);

    /** An Airflow Variable. */
    Optional<String> variable(String key);

    /** Renders a Jinja template with this try's Airflow context. */
    String render(String template);

    /** UPDRAFT_HOME: where the task may keep files that outlive the try (artifacts, models). */
    Path home();

    /**
     * Branching: only the given direct downstream tasks (or task groups) are followed; every other direct
     * downstream task is skipped when the try succeeds.
     */
    void followOnly(Collection<String> taskIds);

    /**
     * Short-circuit: when the try succeeds, skip downstream tasks; all transitive downstream tasks when
     * {@code ignoreDownstreamTriggerRules}, else only the direct ones.
     */
    void skipDownstream(boolean ignoreDownstreamTriggerRules);

    /** True once the try has been killed; long loops should check it. */
    boolean isKilled();

    /**
     * Airflow's {@code mask_secret}: from now on the value is shown as {@code ***} in task logs, rendered fields,
     * XCom views and error messages (values under 5 characters are not masked). Hosts without a masker ignore it.
     */
    default void maskSecret(String value) {
    }

    /**
     * A service the host offers to plugins, such as {@link io.updraft.api.model.ModelRegistry} or
     * {@link DagTriggers}; empty when this host has none of that type.
     */
    default <T> Optional<T> service(Class<T> type) {
        return Optional.empty();
    }
}
