package io.updraft.operator;

import io.updraft.dag.PythonCallable;
import java.util.List;
import java.util.Map;

/** Airflow's PythonSensor: pokes by calling {@code python_callable}; a truthy return value meets the criteria. */
final class PythonSensor extends SensorOperator {

    private final PythonTaskOperator call;

    PythonSensor(SensorArguments sensor, PythonCallable callable, List<Object> opArgs, Map<String, Object> opKwargs,
                 Object templatesDict) {
        super(sensor);
        this.call = new PythonTaskOperator(PythonKind.PLAIN, callable, opArgs, opKwargs, templatesDict, true, null);
    }

    @Override
    protected Poke poke(RunningTask task) throws Exception {
        task.taskLog().info("python.py", "Poking callable");
        return Poke.of(truthy(call.execute(task)));
    }

    /** Python's bool(). */
    static boolean truthy(Object value) {
        if (value == null || Boolean.FALSE.equals(value)) {
            return false;
        }
        if (value instanceof Number number) {
            return number.doubleValue() != 0;
        }
        if (value instanceof CharSequence text) {
            return !text.isEmpty();
        }
        if (value instanceof java.util.Collection<?> items) {
            return !items.isEmpty();
        }
        return !(value instanceof Map<?, ?> map) || !map.isEmpty();
    }
}
