package io.updraft.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins per user name and per client address, with exponential backoff: after {@code freeFailures} failures
 * in a row, each further failure blocks the key for {@code initialBackoff * 2^(n - freeFailures)}, at most
 * {@code maxBackoff}. A blocked key is refused without checking a password. A success clears its user name's
 * failures; failures are forgotten {@code forgetAfter} after the last one. At most {@value #MAX_KEYS} keys are
 * remembered, so spraying names cannot exhaust memory. Thread-safe.
 */
public final class LoginThrottle {

    static final int MAX_KEYS = 100_000;

    /** The settings: failures allowed before backoff starts, per user name and per client address. */
    public record Settings(int freeFailuresPerUser, int freeFailuresPerAddress, Duration initialBackoff,
            Duration maxBackoff, Duration forgetAfter) {

        public static Settings defaults() {
            return new Settings(5, 20, Duration.ofSeconds(1), Duration.ofMinutes(15), Duration.ofHours(1));
        }
    }

    private record Failures(int count, Instant last, Instant blockedUntil) {
    }

    private final Settings settings;
    private final Clock clock;
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();

    public LoginThrottle(Settings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** How long this user name or address must still wait; empty when it may try now. */
    public Optional<Duration> retryAfter(String username, String address) {
        Instant now = clock.instant();
        Duration wait = Duration.ZERO;
        for (String key : new String[] {userKey(username), addressKey(address)}) {
            Failures f = key == null ? null : failures.get(key);
            if (f != null && f.blockedUntil() != null && now.isBefore(f.blockedUntil())) {
                Duration left = Duration.between(now, f.blockedUntil());
                wait = left.compareTo(wait) > 0 ? left : wait;
            }
        }
        return wait.isZero() ? Optional.empty() : Optional.of(wait);
    }

    public void failed(String username, String address) {
        if (failures.size() >= MAX_KEYS) {
            prune();
        }
        Instant now = clock.instant();
        record(userKey(username), settings.freeFailuresPerUser(), now);
        record(addressKey(address), settings.freeFailuresPerAddress(), now);
    }

    public void succeeded(String username) {
        String key = userKey(username);
        if (key != null) {
            failures.remove(key);
        }
    }

    private void record(String key, int free, Instant now) {
        if (key == null) {
            return;
        }
        failures.compute(key, (k, old) -> {
            int count = old == null || now.isAfter(old.last().plus(settings.forgetAfter())) ? 1 : old.count() + 1;
            Instant blockedUntil = count <= free ? null : now.plus(backoff(count - free));
            return new Failures(count, now, blockedUntil);
        });
    }

    private Duration backoff(int beyondFree) {
        Duration max = settings.maxBackoff();
        Duration delay = settings.initialBackoff();
        for (int i = 1; i < beyondFree && delay.compareTo(max) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(max) > 0 ? max : delay;
    }

    /** Drops forgotten and unblocked keys; if that is not enough, everything not blocked now. */
    private void prune() {
        Instant now = clock.instant();
        failures.values().removeIf(f -> now.isAfter(f.last().plus(settings.forgetAfter())));
        if (failures.size() >= MAX_KEYS) {
            failures.values().removeIf(f -> f.blockedUntil() == null || !now.isBefore(f.blockedUntil()));
        }
    }

    private static String userKey(String username) {
        return username == null ? null : "user:" + username.toLowerCase(Locale.ROOT);
    }

    private static String addressKey(String address) {
        return address == null ? null : "address:" + address;
    }
}
