package io.updraft.template;

import io.updraft.run.RunReads;
import io.updraft.run.XCom;
import io.updraft.run.XComs;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Airflow 3's {@code xcom_pull} for one run: a task of the run pulls the XComs of other tasks of the same run.
 * Thread-safe.
 */
public final class XComPuller {

    private final RunReads store;
    private final String dagId;
    private final String runId;
    private final String currentTaskId;

    public XComPuller(RunReads store, String dagId, String runId, String currentTaskId) {
        this.store = store;
        this.dagId = dagId;
        this.runId = runId;
        this.currentTaskId = currentTaskId;
    }

    /**
     * @param taskIds null (the current task), a task id, or a collection of task ids (then a list is returned)
     * @param defaultValue returned for a single task id without such an XCom
     */
    public Object pull(Object taskIds, String key, Object defaultValue) {
        if (taskIds instanceof Collection<?> ids) {
            List<Object> values = new ArrayList<>();
            ids.forEach(id -> values.add(pullOne(String.valueOf(id), key, defaultValue)));
            return values;
        }
        return pullOne(taskIds == null ? currentTaskId : String.valueOf(taskIds), key, defaultValue);
    }

    /**
     * The XCom of an unmapped task, or the list of the values of every map index of a mapped task (ordered by
     * map index), or {@code defaultValue} when there is none.
     */
    public Object pullOne(String taskId, String key, Object defaultValue) {
        return XComs.pull(store, dagId, runId, taskId, key, defaultValue);
    }

    /** Every XCom of the run, for code that pulls outside the JVM (the Python runner). */
    public List<XCom> all() {
        return store.xcoms(dagId, runId, null);
    }

    public static Object parse(XCom xcom) {
        return XComs.value(xcom);
    }
}
