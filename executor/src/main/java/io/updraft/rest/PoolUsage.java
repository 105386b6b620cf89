package io.updraft.rest;

import io.updraft.run.RunStore;
import io.updraft.run.TaskInstance;
import io.updraft.run.TaskState;
import io.updraft.config.Pool;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A pool's slots as Airflow's API reports them, counted from the task instances holding or awaiting slots. */
public final class PoolUsage {

    private PoolUsage() {
    }

    /** The pool fields shared by v1 and v2 (v2 adds team_name). */
    public static Map<String, Object> of(Pool pool, List<TaskInstance> active) {
        int running = 0;
        int queued = 0;
        int scheduled = 0;
        int deferred = 0;
        for (TaskInstance ti : active) {
            if (!pool.name().equals(ti.pool())) {
                continue;
            }
            switch (ti.state()) {
                case RUNNING -> running += ti.poolSlots();
                case QUEUED -> queued += ti.poolSlots();
                case SCHEDULED -> scheduled += ti.poolSlots();
                case DEFERRED -> deferred += ti.poolSlots();
                default -> { }
            }
        }
        int occupied = running + queued + (pool.includeDeferred() ? deferred : 0);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", pool.name());
        body.put("slots", pool.slots());
        body.put("description", pool.description());
        body.put("include_deferred", pool.includeDeferred());
        body.put("occupied_slots", occupied);
        body.put("running_slots", running);
        body.put("queued_slots", queued);
        body.put("scheduled_slots", scheduled);
        body.put("open_slots", pool.slots() < 0 ? -1 : pool.slots() - occupied);
        body.put("deferred_slots", deferred);
        return body;
    }

    /** Task instances that may hold pool slots, across all runs. */
    public static List<TaskInstance> active(RunStore runs) {
        return runs.findTaskInstances(EnumSet.of(TaskState.RUNNING, TaskState.QUEUED,
                TaskState.SCHEDULED, TaskState.DEFERRED));
    }
}
