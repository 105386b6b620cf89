package io.updraft.run;

import io.updraft.json.Json;
import java.util.Comparator;
import java.util.List;

/** Reads XComs as Airflow 3's {@code xcom_pull} returns them. */
public final class XComs {

    private XComs() {
    }

    /**
     * The value of an unmapped task's XCom, or the list of the values of every map index of a mapped task
     * (ordered by map index), or {@code defaultValue} when there is none.
     */
    public static Object pull(RunReads store, String dagId, String runId, String taskId, String key,
                              Object defaultValue) {
        List<XCom> matching = store.xcoms(dagId, runId, taskId).stream()
                .filter(xcom -> xcom.key().equals(key)).toList();
        if (matching.isEmpty()) {
            return defaultValue;
        }
        for (XCom xcom : matching) {
            if (xcom.mapIndex() < 0) {
                return value(xcom);
            }
        }
        return matching.stream().sorted(Comparator.comparingInt(XCom::mapIndex)).map(XComs::value).toList();
    }

    /** The stored JSON as a value. */
    public static Object value(XCom xcom) {
        try {
            return Json.read(xcom.value());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("XCom " + xcom.key() + " of task " + xcom.taskId() + " is "
                    + e.getMessage(), e);
        }
    }
}
