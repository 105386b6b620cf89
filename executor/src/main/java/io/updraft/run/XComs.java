package io.updraft.run;

import io.updraft.json.Json;
import io.updraft.json.PyTuple;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

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

    /** The value as task code gets it: serde's tuples as {@link PyTuple}s, its sets as sets. */
    public static Object value(XCom xcom) {
        return decode(stored(xcom));
    }

    /** The stored JSON as it is, serde's tuples and sets still wrapped, as Airflow's REST API returns it. */
    public static Object stored(XCom xcom) {
        try {
            return Json.read(xcom.value());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("XCom " + xcom.key() + " of task " + xcom.taskId() + " is "
                    + e.getMessage(), e);
        }
    }

    /**
     * A value Python task code returned, as Airflow 3 deserialises it: its tuples and sets (which Airflow's serde
     * stores as {@code {"__classname__": "builtins.tuple", "__version__": 1, "__data__": [...]}}) as a
     * {@link PyTuple} and a set.
     */
    public static Object decode(Object value) {
        if (value instanceof List<?> list) {
            List<Object> decoded = new ArrayList<>(list.size());
            list.forEach(item -> decoded.add(decode(item)));
            return decoded;
        }
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        Object classname = map.get("__classname__");
        if (map.get("__data__") instanceof List<?> data && map.containsKey("__version__")) {
            if (PyTuple.CLASSNAME.equals(classname)) {
                return new PyTuple((List<?>) decode(data));
            }
            if ("builtins.set".equals(classname) || "builtins.frozenset".equals(classname)) {
                return new LinkedHashSet<>((List<?>) decode(data));
            }
        }
        Map<Object, Object> decoded = new LinkedHashMap<>();
        map.forEach((key, item) -> decoded.put(key, decode(item)));
        return decoded;
    }
}
