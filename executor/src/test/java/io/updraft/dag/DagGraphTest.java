package io.updraft.dag;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DagGraphTest {

    private static Task.Builder task(String id, String... upstream) {
        return Task.builder(id, "airflow.operators.bash.BashOperator").upstream(upstream);
    }

    @Test
    void effectivePriorityFollowsEachTasksWeightRule() {
        // a -> b -> c, and a -> d; weights 1, 2, 4, 8
        Dag dag = Dag.builder("weights")
                .task(task("a").priorityWeight(1).build())
                .task(task("b", "a").priorityWeight(2).weightRule(WeightRule.UPSTREAM).build())
                .task(task("c", "b").priorityWeight(4).weightRule(WeightRule.ABSOLUTE).build())
                .task(task("d", "a").priorityWeight(8).build())
                .build();

        assertThat(dag.effectivePriority("a")).isEqualTo(1 + 2 + 4 + 8); // downstream: itself and all below it
        assertThat(dag.effectivePriority("b")).isEqualTo(2 + 1);         // upstream: itself and all above it
        assertThat(dag.effectivePriority("c")).isEqualTo(4);             // absolute: itself only
        assertThat(dag.effectivePriority("d")).isEqualTo(8);
    }

    @Test
    void tasksComeInTopologicalOrderAndLeavesAreTheTasksWithoutDownstream() {
        Dag dag = Dag.builder("order").task(task("late", "early").build()).task(task("early").build())
                .task(task("side", "early").build()).build();

        assertThat(dag.tasks().keySet()).containsExactly("early", "late", "side");
        assertThat(dag.leaves()).containsExactly("late", "side");
        assertThat(dag.downstream("early")).containsExactly("late", "side");
        assertThat(dag.closure("late", false)).containsExactly("early");
    }

    @Test
    void cyclesAndUnknownUpstreamsAreRejected() {
        assertThatThrownBy(() -> Dag.builder("cycle").task(task("a", "b").build()).task(task("b", "a").build()).build())
                .hasMessageContaining("cycle between tasks [a, b]");
        assertThatThrownBy(() -> Dag.builder("missing").task(task("a", "ghost").build()).build())
                .hasMessageContaining("depends on 'ghost'");
    }
}
