package io.updraft.listing;

import java.util.ArrayList;
import java.util.List;

/**
 * Which task instances a list shows; every criterion left unset (null) is no criterion, an empty list matches
 * nothing. Built fluently by the edge: {@code new TaskInstanceFilter().run(dagId, runId).states(states)}.
 */
public final class TaskInstanceFilter {

    /** The timestamps a list can bound: the run's (run_after, logical_date) and the task instance's own. */
    public enum Date { RUN_AFTER, LOGICAL_DATE, START_DATE, END_DATE, UPDATED_AT }

    /** A range on one of the timestamps. */
    public record Bound(Date date, TimeRange range) {
    }

    private String dagId;
    private String runId;
    private String mappedTaskId;
    private String taskId;
    private Integer mapIndex;
    private Integer tryNumber;
    private String taskIdPattern;
    private List<String> dagIds;
    private List<String> runIds;
    private List<String> taskIds;
    private List<String> states;
    private List<String> pools;
    private List<String> queues;
    private final List<Bound> bounds = new ArrayList<>();

    /** The task instances of one DAG and/or run (null: any). */
    public TaskInstanceFilter run(String dagIdValue, String runIdValue) {
        dagId = dagIdValue;
        runId = runIdValue;
        return this;
    }

    /** The mapped instances of a task (map index 0 and up). */
    public TaskInstanceFilter mappedOf(String value) {
        mappedTaskId = value;
        return this;
    }

    public TaskInstanceFilter taskId(String value) {
        taskId = value;
        return this;
    }

    public TaskInstanceFilter mapIndex(Integer value) {
        mapIndex = value;
        return this;
    }

    public TaskInstanceFilter tryNumber(Integer value) {
        tryNumber = value;
        return this;
    }

    /** Airflow's {@code task_display_name_pattern}, on the task id. */
    public TaskInstanceFilter taskIdPattern(String value) {
        taskIdPattern = value;
        return this;
    }

    public TaskInstanceFilter dagIds(List<String> values) {
        dagIds = values;
        return this;
    }

    public TaskInstanceFilter runIds(List<String> values) {
        runIds = values;
        return this;
    }

    public TaskInstanceFilter taskIds(List<String> values) {
        taskIds = values;
        return this;
    }

    /** State values; a null element is the "none" state. */
    public TaskInstanceFilter states(List<String> values) {
        states = values;
        return this;
    }

    public TaskInstanceFilter pools(List<String> values) {
        pools = values;
        return this;
    }

    public TaskInstanceFilter queues(List<String> values) {
        queues = values;
        return this;
    }

    public TaskInstanceFilter bound(Date date, TimeRange range) {
        bounds.add(new Bound(date, range));
        return this;
    }

    public String dagId() {
        return dagId;
    }

    public String runId() {
        return runId;
    }

    public String mappedTaskId() {
        return mappedTaskId;
    }

    public String taskId() {
        return taskId;
    }

    public Integer mapIndex() {
        return mapIndex;
    }

    public Integer tryNumber() {
        return tryNumber;
    }

    public String taskIdPattern() {
        return taskIdPattern;
    }

    public List<String> dagIds() {
        return dagIds;
    }

    public List<String> runIds() {
        return runIds;
    }

    public List<String> taskIds() {
        return taskIds;
    }

    public List<String> states() {
        return states;
    }

    public List<String> pools() {
        return pools;
    }

    public List<String> queues() {
        return queues;
    }

    public List<Bound> bounds() {
        return List.copyOf(bounds);
    }
}
