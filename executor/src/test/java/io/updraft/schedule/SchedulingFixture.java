package io.updraft.schedule;

import io.updraft.store.JdbiScheduleStore;
import io.updraft.store.JdbiQuartzTables;
import io.updraft.dag.Dag;
import io.updraft.dag.Schedule;
import io.updraft.dag.Task;
import io.updraft.run.DagRun;
import io.updraft.run.RunCreator;
import io.updraft.run.RunType;
import io.updraft.dag.DagRecord;
import io.updraft.store.Database;
import io.updraft.store.JdbiDagStore;
import io.updraft.store.JdbiRunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The scheduling components on one real database, wired as the service wires them (store-only run sink). */
final class SchedulingFixture {

    final Database database;
    final JdbiRunStore runs;
    final JdbiDagStore dags;
    final ScheduleStore scheduleStore;
    final DagRunScheduler runScheduler;
    final Map<String, Dag> loaded = new ConcurrentHashMap<>();

    SchedulingFixture(Database database, Clock clock) {
        this.database = database;
        this.runs = new JdbiRunStore(database);
        this.dags = new JdbiDagStore(database);
        this.scheduleStore = new JdbiScheduleStore(database);
        RunSink sink = RunSink.store(new RunCreator(runs), runs, task -> task.operator());
        this.runScheduler = new DagRunScheduler(dags, scheduleStore, sink, clock);
    }

    static Dag dag(String dagId, Schedule schedule, Instant start, boolean catchup) {
        return Dag.builder(dagId)
                .schedule(schedule)
                .startDate(start)
                .catchup(catchup)
                .versionHash("v-" + dagId)
                .task(Task.builder("t", "airflow.operators.empty.EmptyOperator").build())
                .build();
    }

    static Schedule everySecond() {
        return Schedule.delta(Duration.ofSeconds(1), "datetime.timedelta");
    }

    /** Stores the DAG as the catalog does, paused or not, and makes it the loaded definition. */
    void store(Dag dag, boolean paused) {
        dags.upsert(new DagRecord(dag.dagId(), "/dags/" + dag.dagId() + ".yaml", dag.dagId(), null, paused, false,
                "airflow", List.of(), dag.schedule().text(), dag.maxActiveRuns(), dag.maxActiveTasks(), false,
                Instant.now(), null, null, null, null, dag.versionHash()));
        loaded.put(dag.dagId(), dag);
    }

    QuartzDagScheduler startQuartz(String name) {
        return QuartzDagScheduler.start(new JdbiQuartzTables(database), runScheduler,
                id -> Optional.ofNullable(loaded.get(id)), new QuartzDagScheduler.Settings(name, 2, false),
                Clock.systemUTC());
    }

    /** One node of a Quartz cluster: its own instance id, the DAG definitions through {@code dags}. */
    QuartzDagScheduler startQuartz(String name, String instanceId, Function<String, Optional<Dag>> dags) {
        return QuartzDagScheduler.start(new JdbiQuartzTables(database), runScheduler, dags,
                new QuartzDagScheduler.Settings(name, instanceId, 2, false), Clock.systemUTC());
    }

    static String randomName() {
        return "updraft-test-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The DAG's runs, oldest logical date first. */
    List<DagRun> runsOf(String dagId) {
        return runs.findRuns(dagId, Set.of(), 10_000, 0).stream()
                .sorted(Comparator.comparing(DagRun::logicalDate))
                .toList();
    }

    List<DagRun> runsOf(String dagId, RunType type) {
        return runsOf(dagId).stream().filter(run -> run.runType() == type).toList();
    }
}
