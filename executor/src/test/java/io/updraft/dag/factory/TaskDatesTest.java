package io.updraft.dag.factory;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.DagBag;
import io.updraft.dag.Task;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each task's start_date and end_date as Airflow's DAG.add_task sets them (the later start and the earlier end of
 * the task's own and the DAG's), for the engine's rule that a run gets no instance of a task it is outside of.
 */
class TaskDatesTest {

    @TempDir
    Path tempDir;

    @Test
    void aTaskStartsAtTheLaterStartAndEndsAtTheEarlierEnd() {
        DagFolder folder = new DagFolder(tempDir);
        folder.write("dates.yml", """
                dated:
                  default_args: {start_date: 2024-01-01, end_date: 2024-12-31}
                  tasks:
                    - {task_id: plain, operator: airflow.operators.empty.EmptyOperator}
                    - {task_id: later, operator: airflow.operators.empty.EmptyOperator, start_date: 2024-06-01}
                    - {task_id: earlier, operator: airflow.operators.empty.EmptyOperator, start_date: 2023-01-01,
                       end_date: 2024-03-01T12:00:00}
                """);
        DagBag bag = folder.load();
        assertThat(bag.importErrors()).isEmpty();
        Map<String, Task> tasks = bag.dags().get(0).tasks();
        assertThat(tasks.get("plain").startDate()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(tasks.get("plain").endDate()).isEqualTo(Instant.parse("2024-12-31T00:00:00Z"));
        assertThat(tasks.get("later").startDate()).isEqualTo(Instant.parse("2024-06-01T00:00:00Z"));
        assertThat(tasks.get("earlier").startDate()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(tasks.get("earlier").endDate()).isEqualTo(Instant.parse("2024-03-01T12:00:00Z"));
        // the dates are the task's, not arguments for its operator
        assertThat(tasks.get("later").arguments()).doesNotContainKey("start_date");
    }
}
