package io.updraft.listing;

import java.util.ArrayList;
import java.util.List;

/**
 * Which DAG runs a list shows; every criterion left unset (null) is no criterion, an empty list matches nothing.
 * Built fluently by the edge: {@code new DagRunFilter().dagId(id).states(states)}.
 */
public final class DagRunFilter {

    /** The run timestamps a list can bound. */
    public enum Date { LOGICAL_DATE, RUN_AFTER, START_DATE, END_DATE, UPDATED_AT }

    /** A range on one of the run's timestamps. */
    public record Bound(Date date, TimeRange range) {
    }

    private String dagId;
    private List<String> dagIds;
    private List<String> states;
    private List<String> runTypes;
    private String runIdPattern;
    private final List<Bound> bounds = new ArrayList<>();

    public DagRunFilter dagId(String value) {
        dagId = value;
        return this;
    }

    public DagRunFilter dagIds(List<String> values) {
        dagIds = values;
        return this;
    }

    /** State values ({@code queued}, ...). */
    public DagRunFilter states(List<String> values) {
        states = values;
        return this;
    }

    public DagRunFilter runTypes(List<String> values) {
        runTypes = values;
        return this;
    }

    public DagRunFilter runIdPattern(String value) {
        runIdPattern = value;
        return this;
    }

    public DagRunFilter bound(Date date, TimeRange range) {
        bounds.add(new Bound(date, range));
        return this;
    }

    public String dagId() {
        return dagId;
    }

    public List<String> dagIds() {
        return dagIds;
    }

    public List<String> states() {
        return states;
    }

    public List<String> runTypes() {
        return runTypes;
    }

    public String runIdPattern() {
        return runIdPattern;
    }

    public List<Bound> bounds() {
        return List.copyOf(bounds);
    }
}
