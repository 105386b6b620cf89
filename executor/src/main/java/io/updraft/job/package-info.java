/**
 * Engine processes as Airflow's jobs: {@link io.updraft.job.EngineProcess} registers this process in the
 * {@link io.updraft.job.JobStore}, heartbeats and judges whether another engine process is dead, so that the runs and
 * task instances it held can be taken over. The Jdbi implementation lives in {@code io.updraft.store}.
 */
package io.updraft.job;
