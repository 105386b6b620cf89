/**
 * The run engine: Airflow's run semantics (task-instance states, trigger rules, retries, timeouts, pools,
 * priorities, branching, mapping, depends_on_past) applied by {@link io.updraft.run.RunEngine} over a
 * {@link io.updraft.run.RunStore}. Plain Java: no framework, callable from the CLI, the service or a test.
 */
package io.updraft.run;
