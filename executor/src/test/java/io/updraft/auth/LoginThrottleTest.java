package io.updraft.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private final SettableClock clock = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final LoginThrottle throttle = new LoginThrottle(new LoginThrottle.Settings(3, 5, Duration.ofSeconds(1),
            Duration.ofSeconds(10), Duration.ofHours(1)), clock);

    @Test
    void backoffDoublesPerFailureBeyondTheFreeOnesUpToTheMaximum() {
        for (int i = 0; i < 3; i++) {
            throttle.failed("alice", "10.0.0.1");
        }
        assertThat(throttle.retryAfter("alice", "10.0.0.2")).isEmpty();
        throttle.failed("alice", "10.0.0.2");
        assertThat(throttle.retryAfter("alice", "10.0.0.3")).contains(Duration.ofSeconds(1));
        throttle.failed("ALICE", "10.0.0.3"); // user names count case-insensitively
        assertThat(throttle.retryAfter("alice", null)).contains(Duration.ofSeconds(2));
        throttle.failed("alice", null);
        throttle.failed("alice", null);
        assertThat(throttle.retryAfter("alice", null)).contains(Duration.ofSeconds(8));
        throttle.failed("alice", null);
        throttle.failed("alice", null);
        assertThat(throttle.retryAfter("alice", null)).contains(Duration.ofSeconds(10));
        clock.now = clock.now.plusSeconds(10);
        assertThat(throttle.retryAfter("alice", null)).isEmpty();
        throttle.succeeded("alice");
        throttle.failed("alice", null);
        assertThat(throttle.retryAfter("alice", null)).isEmpty();
    }

    @Test
    void anAddressIsBlockedAcrossUserNamesAndFailuresAreForgottenAfterAWhile() {
        for (int i = 0; i < 6; i++) {
            throttle.failed("user" + i, "10.0.0.9");
        }
        Optional<Duration> wait = throttle.retryAfter("someone-new", "10.0.0.9");
        assertThat(wait).contains(Duration.ofSeconds(1));
        assertThat(throttle.retryAfter("someone-new", "10.0.0.10")).isEmpty();
        clock.now = clock.now.plus(Duration.ofHours(2));
        throttle.failed("user0", "10.0.0.9");
        assertThat(throttle.retryAfter("user0", "10.0.0.9")).isEmpty();
    }
}
