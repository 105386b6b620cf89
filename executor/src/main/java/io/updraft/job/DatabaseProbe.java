package io.updraft.job;

/** Whether the metadata database answers a query now (health endpoints); implemented by the store. */
public interface DatabaseProbe {

    boolean isHealthy();
}
