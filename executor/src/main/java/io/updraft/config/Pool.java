package io.updraft.config;

/**
 * An Airflow pool: a named number of slots shared by the task instances assigned to it.
 *
 * @param slots open slots; -1 means unlimited, as in Airflow
 * @param includeDeferred whether deferred task instances count against the slots
 */
public record Pool(String name, int slots, String description, boolean includeDeferred) {

    /** Airflow's pool for task instances that name none; it always exists. */
    public static final String DEFAULT_POOL = "default_pool";
}
