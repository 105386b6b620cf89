package io.updraft.api;

import java.util.Map;

/**
 * A host service ({@link TaskContext#service(Class)}) that queues a run of another DAG, as Airflow's
 * TriggerDagRunOperator does. A paused DAG's run waits until the DAG is unpaused.
 */
public interface DagTriggers {

    /**
     * @return the new run's id
     * @throws IllegalArgumentException when no DAG of that id is loaded
     */
    String trigger(String dagId, Map<String, Object> conf, String note);
}
