package io.updraft.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.dag.Task;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected delays were computed with Airflow's formula in Python (airflow-semantics.md §3.2). */
class RetryPolicyTest {

    private static final Instant JAN_FIRST = Instant.parse("2024-01-01T00:00:00Z");

    @ParameterizedTest
    @CsvSource({"1,315", "2,817", "3,1829", "10,86400"})
    void exponentialBackoffMatchesAirflowsHashedJitter(int tryNumber, long expectedSeconds) {
        Task task = Task.builder("retry_task", "op").retryDelay(Duration.ofSeconds(300))
                .retryExponentialBackoff(true).build();

        assertThat(RetryPolicy.retryDelay(task, "example_dag", JAN_FIRST, tryNumber))
                .isEqualTo(Duration.ofSeconds(expectedSeconds));
    }

    @Test
    void hashUsesPythonsDateTextIncludingMicrosecondsAndNoneForMissingDates() {
        Task tenSeconds = Task.builder("t", "op").retryDelay(Duration.ofSeconds(10)).retryExponentialBackoff(true).build();
        Task fractional = Task.builder("t", "op").retryDelay(Duration.ofMillis(7500)).retryExponentialBackoff(true).build();

        assertThat(RetryPolicy.retryDelay(tenSeconds, "d", null, 1)).hasSeconds(13);
        assertThat(RetryPolicy.retryDelay(fractional, "d", Instant.parse("2024-03-05T10:11:12.123456Z"), 2))
                .hasSeconds(20);
    }

    @Test
    void maxRetryDelayCapsBackoffButNotAFixedDelay() {
        Task capped = Task.builder("retry_task", "op").retryDelay(Duration.ofSeconds(300))
                .retryExponentialBackoff(true).maxRetryDelay(Duration.ofSeconds(600)).build();
        Task fixed = Task.builder("retry_task", "op").retryDelay(Duration.ofSeconds(900))
                .maxRetryDelay(Duration.ofSeconds(600)).build();

        assertThat(RetryPolicy.retryDelay(capped, "example_dag", JAN_FIRST, 2)).isEqualTo(Duration.ofSeconds(600));
        assertThat(RetryPolicy.retryDelay(fixed, "example_dag", JAN_FIRST, 5)).isEqualTo(Duration.ofSeconds(900));
    }
}
