package io.updraft.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.micronaut.context.ApplicationContext;
import io.updraft.app.Updraft;
import io.updraft.run.DagRun;
import io.updraft.run.RunType;
import io.updraft.server.SchedulerService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Micronaut wiring: two service contexts in one JVM, each with its own Quartz, creating runs from a folder. */
class SchedulerServiceTest {

    @TempDir
    Path dir;

    @Test
    void serviceSchedulesUnpausedDagsAndLeavesPausedOnesAlone() throws Exception {
        Path dags = Files.createDirectories(dir.resolve("dags"));
        Files.writeString(dags.resolve("ticks.yml"), """
                ticker:
                  schedule: {__type__: datetime.timedelta, seconds: 1}
                  is_paused_upon_creation: false
                  tasks:
                    - task_id: noop
                      operator: airflow.providers.standard.operators.empty.EmptyOperator
                paused_by_default:
                  schedule: {__type__: datetime.timedelta, seconds: 1}
                  tasks:
                    - task_id: noop
                      operator: airflow.providers.standard.operators.empty.EmptyOperator
                """);

        try (ApplicationContext first = context("a", dags); ApplicationContext second = context("b", dags)) {
            assertThat(first.getBean(SchedulerService.class).scheduler())
                    .isNotSameAs(second.getBean(SchedulerService.class).scheduler());
            Updraft updraft = first.getBean(Updraft.class);
            QuartzSchedulingContractTest.await(() -> runs(updraft, "ticker").size() >= 2, Duration.ofSeconds(8));

            assertThat(runs(updraft, "ticker")).allSatisfy(run -> {
                assertThat(run.runType()).isEqualTo(RunType.SCHEDULED);
                assertThat(run.runId()).startsWith("scheduled__");
            });
            assertThat(runs(updraft, "paused_by_default")).isEmpty();
            assertThat(first.getBean(SchedulerService.class).scheduler().scheduledDagIds()).containsExactly("ticker");
        }
    }

    private ApplicationContext context(String name, Path dags) {
        return ApplicationContext.run(Map.of(
                "updraft.home", dir.resolve("home-" + name).toString(),
                "updraft.dags-folder", dags.toString(),
                "micronaut.server.port", "-1"));
    }

    private static List<DagRun> runs(Updraft updraft, String dagId) {
        return updraft.runs().findRuns(dagId, Set.of(), 100, 0);
    }
}
