package io.updraft.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.updraft.store.Database;
import io.updraft.store.JdbiUserStore;
import io.updraft.store.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flood of guesses from many addresses: with one password check allowed at a time and no wait for a turn, the
 * guesses that arrive while a check runs are answered "try again in 1 s" without hashing, so the flood uses at most
 * one core.
 */
class BoundedPasswordChecksTest {

    @TempDir
    Path dir;

    @Test
    void guessesBeyondTheConcurrentChecksAreTurnedAwayWithoutHashing() throws Exception {
        try (Database database = TestDatabase.h2(dir).open()) {
            UserStore users = new JdbiUserStore(database);
            PasswordHasher hasher = new PasswordHasher();
            users.save(new User("victim", hasher.hash("right-password"), Role.VIEWER));
            LoginThrottle throttle = new LoginThrottle(LoginThrottle.Settings.defaults(), Clock.systemUTC());
            Authenticator authenticator = new Authenticator(users, hasher, Clock.systemUTC(), throttle, 1,
                    Duration.ZERO);
            int guesses = 8;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(guesses);
            try {
                List<Future<Authenticator.Attempt>> attempts = new ArrayList<>();
                for (int i = 0; i < guesses; i++) {
                    String address = "192.0.2." + i;
                    attempts.add(pool.submit(() -> {
                        start.await();
                        return authenticator.attempt("victim", "guess", address);
                    }));
                }
                start.countDown();
                int turnedAway = 0;
                for (Future<Authenticator.Attempt> attempt : attempts) {
                    Authenticator.Attempt result = attempt.get();
                    assertThat(result.principal()).isEmpty();
                    if (result.isThrottled()) {
                        turnedAway++;
                        assertThat(result.retryAfterSeconds()).isEqualTo(1);
                    }
                }
                assertThat(turnedAway).as("guesses turned away while one check ran").isPositive();
            } finally {
                pool.shutdownNow();
            }
            assertThat(authenticator.attempt("victim", "right-password", "192.0.2.200").principal()).isPresent();
        }
    }
}
