/**
 * Scheduling with Airflow 3 semantics: timetables (plain Java, no Quartz) that compute the next run of a DAG, the
 * run creation a timetable drives ({@link io.updraft.schedule.DagRunScheduler}), backfills
 * ({@link io.updraft.schedule.Backfills}; stored ones driven and resumed by
 * {@link io.updraft.schedule.BackfillDriver}), and the Quartz timer that fires per DAG
 * ({@link io.updraft.schedule.QuartzDagScheduler}). What it stores goes through its interfaces
 * ({@link io.updraft.schedule.BackfillStore}, {@link io.updraft.schedule.ScheduleStore},
 * {@link io.updraft.schedule.QuartzTables}), implemented in {@code io.updraft.store}. No Micronaut here; the
 * service wires it in {@code io.updraft.server.SchedulerService}.
 */
package io.updraft.schedule;
