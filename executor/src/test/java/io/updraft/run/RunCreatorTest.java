package io.updraft.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.Task;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Which tasks of a DAG get a task instance in a new run, as Airflow's {@code DagRun.verify_integrity} decides. */
class RunCreatorTest {

    private static final Instant DAY = Instant.parse("2024-06-01T00:00:00Z");
    private static final String BASH = "airflow.operators.bash.BashOperator";

    @Test
    void aTaskStartingAfterTheLogicalDateOrEndedBeforeItHasNoInstance() {
        Task later = Task.builder("later", BASH).startDate(DAY.plusSeconds(1)).build();
        Task ended = Task.builder("ended", BASH).endDate(DAY.minusSeconds(1)).build();
        Task current = Task.builder("current", BASH).startDate(DAY).endDate(DAY).build();

        assertThat(RunCreator.hasInstance(later, RunType.SCHEDULED, DAY)).isFalse();
        assertThat(RunCreator.hasInstance(ended, RunType.MANUAL, DAY)).isFalse();
        assertThat(RunCreator.hasInstance(current, RunType.MANUAL, DAY)).isTrue();
        // a backfill run, and a run without a logical date, get every task's instance
        assertThat(RunCreator.hasInstance(later, RunType.BACKFILL, DAY)).isTrue();
        assertThat(RunCreator.hasInstance(later, RunType.MANUAL, null)).isTrue();
    }
}
