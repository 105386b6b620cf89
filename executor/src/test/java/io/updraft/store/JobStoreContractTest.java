package io.updraft.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.SettableClock;
import io.updraft.job.Job;
import io.updraft.job.JobStore;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link JobStore} must do. */
abstract class JobStoreContractTest extends StoreTestSupport {

    private static final Instant START = Instant.parse("2024-05-01T12:00:00.5Z");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private SettableClock clock;
    private JobStore store;

    @BeforeEach
    void createStore() {
        clock = new SettableClock(START);
        store = new JdbiJobStore(db, clock);
    }

    @Test
    void startedJobIsRunningWithAFreshHeartbeat() {
        long id = store.start("engine", "host-1", 1234);

        assertThat(store.find(id)).contains(
                new Job(id, "engine", "host-1", 1234, JobStore.RUNNING, START, null, START));
    }

    @Test
    void latestHeartbeatIsTheNewestOfTheJobType() {
        assertThat(store.latestHeartbeat("engine")).isEmpty();
        long first = store.start("engine", "host-1", 1);
        store.start("engine", "host-2", 2);
        store.start("other", "host-3", 3);
        clock.advance(Duration.ofSeconds(20));
        store.heartbeat(first);
        clock.advance(Duration.ofSeconds(20));
        store.start("other", "host-4", 4);

        assertThat(store.latestHeartbeat("engine")).contains(START.plusSeconds(20));
        assertThat(store.latestHeartbeat("other")).contains(START.plusSeconds(40));
    }

    @Test
    void jobIsDeadOnlyWhenItsHeartbeatIsOlderThanTheTimeout() {
        long quiet = store.start("engine", "host-1", 1);
        long beating = store.start("engine", "host-2", 2);

        clock.advance(Duration.ofSeconds(20));
        assertThat(store.heartbeat(beating)).isTrue();
        clock.advance(Duration.ofSeconds(20));

        assertThat(store.findDead(TIMEOUT)).containsExactly(quiet);
        assertThat(store.find(beating).orElseThrow().latestHeartbeat()).isEqualTo(START.plusSeconds(20));
    }

    @Test
    void endedAndFailedJobsAreNeitherDeadNorBeating() {
        long ended = store.start("engine", "host-1", 1);
        long dead = store.start("engine", "host-2", 2);
        clock.advance(Duration.ofMinutes(5));

        store.end(ended);
        assertThat(store.markFailed(dead)).isTrue();

        assertThat(store.findDead(TIMEOUT)).isEmpty();
        assertThat(store.heartbeat(ended)).isFalse();
        assertThat(store.markFailed(ended)).isFalse();
        assertThat(store.find(ended).orElseThrow())
                .extracting(Job::state, Job::endDate)
                .containsExactly(JobStore.SUCCESS, START.plus(Duration.ofMinutes(5)));
        assertThat(store.find(dead).orElseThrow().state()).isEqualTo(JobStore.FAILED);
    }
}
