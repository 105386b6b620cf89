package io.updraft.operator;

import io.updraft.dag.PythonCallable;
import java.util.List;
import java.util.Map;

/**
 * Airflow's PythonSensor: pokes by calling {@code python_callable}; a truthy return value meets the criteria, or a
 * {@code PokeReturnValue} whose {@code is_done} is true, its {@code xcom_value} becoming the return_value.
 */
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
        return Poke.of(call.call(task));
    }
}
