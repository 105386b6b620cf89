package io.updraft.run;

import java.time.Duration;
import java.time.Instant;

/**
 * One task instance, as stored. Immutable: state changes make a new value with a {@code with...} method.
 *
 * @param id a UUID, stable over the life of the task instance (Airflow 3's {@code id})
 * @param tryNumber 0 until first scheduled; incremented each time the instance is scheduled for a new try
 * @param maxTries the retries it has, starting from Airflow's {@code max_tries = retries}
 * @param priorityWeight effective priority (weight_rule already applied)
 * @param renderedFields JSON object of the rendered template fields of the latest try, or null
 * @param renderedMapIndex what the mapped task's map_index_template rendered to after its latest try, or null
 * @param jobId the engine process (job) that holds the instance while queued or running; null otherwise
 */
public record TaskInstance(
        String id,
        String dagId,
        String runId,
        String taskId,
        int mapIndex,
        TaskState state,
        int tryNumber,
        int maxTries,
        Instant startDate,
        Instant endDate,
        String hostname,
        String unixname,
        Integer pid,
        String pool,
        int poolSlots,
        String queue,
        int priorityWeight,
        String operator,
        Instant queuedDttm,
        Instant scheduledDttm,
        String renderedFields,
        String renderedMapIndex,
        String note,
        Long jobId,
        Instant updatedAt) {

    public TaskInstanceKey key() {
        return new TaskInstanceKey(dagId, runId, taskId, mapIndex);
    }

    /** Seconds between start and end, as Airflow's {@code duration}; null while unknown. */
    public Double duration() {
        if (startDate == null || endDate == null) {
            return null;
        }
        return Duration.between(startDate, endDate).toNanos() / 1e9;
    }

    public TaskInstance withState(TaskState newState, Instant now) {
        return new Builder(this).state(newState).updatedAt(now).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copies a task instance with some fields changed. */
    public static final class Builder {
        private String id;
        private final String dagId;
        private final String runId;
        private final String taskId;
        private int mapIndex;
        private TaskState state;
        private int tryNumber;
        private int maxTries;
        private Instant startDate;
        private Instant endDate;
        private String hostname;
        private String unixname;
        private Integer pid;
        private String pool;
        private int poolSlots;
        private String queue;
        private int priorityWeight;
        private String operator;
        private Instant queuedDttm;
        private Instant scheduledDttm;
        private String renderedFields;
        private String renderedMapIndex;
        private String note;
        private Long jobId;
        private Instant updatedAt;

        private Builder(TaskInstance ti) {
            id = ti.id; dagId = ti.dagId; runId = ti.runId; taskId = ti.taskId; mapIndex = ti.mapIndex;
            state = ti.state; tryNumber = ti.tryNumber; maxTries = ti.maxTries; startDate = ti.startDate;
            endDate = ti.endDate; hostname = ti.hostname; unixname = ti.unixname; pid = ti.pid; pool = ti.pool;
            poolSlots = ti.poolSlots; queue = ti.queue; priorityWeight = ti.priorityWeight; operator = ti.operator;
            queuedDttm = ti.queuedDttm; scheduledDttm = ti.scheduledDttm; renderedFields = ti.renderedFields;
            renderedMapIndex = ti.renderedMapIndex;
            note = ti.note; jobId = ti.jobId; updatedAt = ti.updatedAt;
        }

        public Builder id(String value) { id = value; return this; }
        public Builder mapIndex(int value) { mapIndex = value; return this; }
        public Builder state(TaskState value) { state = value; return this; }
        public Builder tryNumber(int value) { tryNumber = value; return this; }
        public Builder maxTries(int value) { maxTries = value; return this; }
        public Builder startDate(Instant value) { startDate = value; return this; }
        public Builder endDate(Instant value) { endDate = value; return this; }
        public Builder hostname(String value) { hostname = value; return this; }
        public Builder unixname(String value) { unixname = value; return this; }
        public Builder pid(Integer value) { pid = value; return this; }
        public Builder pool(String value) { pool = value; return this; }
        public Builder poolSlots(int value) { poolSlots = value; return this; }
        public Builder queue(String value) { queue = value; return this; }
        public Builder priorityWeight(int value) { priorityWeight = value; return this; }
        public Builder queuedDttm(Instant value) { queuedDttm = value; return this; }
        public Builder scheduledDttm(Instant value) { scheduledDttm = value; return this; }
        public Builder renderedFields(String value) { renderedFields = value; return this; }
        public Builder renderedMapIndex(String value) { renderedMapIndex = value; return this; }
        public Builder note(String value) { note = value; return this; }
        public Builder jobId(Long value) { jobId = value; return this; }
        public Builder updatedAt(Instant value) { updatedAt = value; return this; }

        public TaskInstance build() {
            return new TaskInstance(id, dagId, runId, taskId, mapIndex, state, tryNumber, maxTries, startDate,
                    endDate, hostname, unixname, pid, pool, poolSlots, queue, priorityWeight, operator, queuedDttm,
                    scheduledDttm, renderedFields, renderedMapIndex, note, jobId, updatedAt);
        }
    }
}
