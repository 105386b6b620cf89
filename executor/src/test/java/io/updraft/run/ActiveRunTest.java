package io.updraft.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.Dag;
import io.updraft.dag.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The run's in-memory copy keeps each task's upstream counts as instances change, instead of counting every
 * upstream instance at each evaluation: after any sequence of changes they must equal a count from scratch.
 */
class ActiveRunTest {

    private static final String BASH = "airflow.operators.bash.BashOperator";
    private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

    /** start -> (a, b, mapped m) -> join; a -> solo. */
    private final Dag dag = Dag.builder("tally")
            .task(Task.builder("start", BASH).build())
            .task(Task.builder("a", BASH).upstream("start").build())
            .task(Task.builder("b", BASH).upstream("start").build())
            .task(Task.builder("m", BASH).upstream("start").expand(Map.of("bash_command", List.of("x"))).build())
            .task(Task.builder("join", BASH).upstream("a", "b", "m").build())
            .task(Task.builder("solo", BASH).upstream("a").build())
            .build();
    private final DagRun run = new DagRun(1, "tally", "manual__1", T0, T0, T0, T0, RunType.MANUAL, RunState.RUNNING,
            T0, null, null, new LinkedHashMap<>(), null, "test", "v1", 0, null, T0);

    @Test
    void upstreamCountsAfterRandomChangesEqualACountOfEveryInstance() {
        Random random = new Random(20261208);
        List<TaskInstance> initial = new ArrayList<>();
        for (String taskId : List.of("start", "a", "b", "m", "join", "solo")) {
            initial.add(instance(taskId, -1, TaskState.NONE));
        }
        ActiveRun ar = new ActiveRun(dag, run, initial, new HashSet<>());
        TaskState[] states = TaskState.values();
        List<String> taskIds = List.of("start", "a", "b", "m", "join", "solo");
        for (int step = 0; step < 5_000; step++) {
            String taskId = taskIds.get(random.nextInt(taskIds.size()));
            int mapIndex = taskId.equals("m") ? random.nextInt(5) - 1 : -1;
            TaskInstanceKey key = new TaskInstanceKey("tally", "manual__1", taskId, mapIndex);
            if (random.nextInt(6) == 0) {
                ar.remove(key); // a mapped placeholder replaced by its expansion, or an instance deleted by hand
            } else {
                ar.put(instance(taskId, mapIndex, states[random.nextInt(states.length)]));
            }
            for (String checked : List.of("a", "join", "solo", "start")) {
                Task task = dag.task(checked);
                assertThat(ar.upstreamCounts(task)).as("step %d, task %s", step, checked)
                        .isEqualTo(countedFromScratch(ar, task));
            }
        }
    }

    @Test
    void aMappedUpstreamCountsItsInstancesAndAtLeastOne() {
        ActiveRun ar = new ActiveRun(dag, run, List.of(instance("a", -1, TaskState.SUCCESS),
                instance("b", -1, TaskState.SKIPPED)), new HashSet<>());
        Task join = dag.task("join");

        assertThat(ar.upstreamCounts(join).upstream()).as("m has no instance yet: it counts as one").isEqualTo(3);
        ar.put(instance("m", -1, TaskState.NONE));
        assertThat(ar.upstreamCounts(join).upstream()).isEqualTo(3);
        ar.remove(new TaskInstanceKey("tally", "manual__1", "m", -1));
        for (int i = 0; i < 4; i++) {
            ar.put(instance("m", i, TaskState.SUCCESS));
        }
        assertThat(ar.upstreamCounts(join)).isEqualTo(UpstreamCounts.of(6, 5, 1, 0, 0, 0, 6));
    }

    /** What the engine counted at each evaluation before: every instance of every upstream task. */
    private static UpstreamCounts countedFromScratch(ActiveRun ar, Task task) {
        int upstream = 0;
        int[] byState = new int[TaskState.values().length];
        for (String upstreamId : task.upstream()) {
            List<TaskInstance> instances = ar.instancesOf(upstreamId);
            upstream += ar.dag().task(upstreamId).isMapped() ? Math.max(1, instances.size()) : 1;
            instances.forEach(ti -> byState[ti.state().ordinal()]++);
        }
        int success = byState[TaskState.SUCCESS.ordinal()];
        int skipped = byState[TaskState.SKIPPED.ordinal()];
        int failed = byState[TaskState.FAILED.ordinal()];
        int upstreamFailed = byState[TaskState.UPSTREAM_FAILED.ordinal()];
        int removed = byState[TaskState.REMOVED.ordinal()];
        return UpstreamCounts.of(upstream, success, skipped, failed, upstreamFailed, removed,
                success + skipped + failed + upstreamFailed + removed);
    }

    private static TaskInstance instance(String taskId, int mapIndex, TaskState state) {
        return new TaskInstance(TaskInstanceIds.next(), "tally", "manual__1", taskId, mapIndex, state, 0, 0, null,
                null, null, null, null, "default_pool", 1, "default", 1, BASH, null, null, null, null, null, null, T0);
    }
}
