package io.updraft.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks user names and passwords against the store. HTTP Basic sends the password with every request and a
 * PBKDF2 check costs a noticeable fraction of a second, so successful Basic checks are remembered for a short
 * while, keyed by an HMAC of the credentials under a per-process key (the cache holds no password). Failed logins
 * are throttled per user name and client address ({@link LoginThrottle}), and at most {@code concurrentHashes}
 * password checks run at once, so a flood of guesses takes a bounded share of the CPU. Thread-safe.
 */
public final class Authenticator {

    static final Duration BASIC_CACHE_TTL = Duration.ofSeconds(60);
    private static final int BASIC_CACHE_LIMIT = 1_000;

    private final UserStore users;
    private final PasswordHasher hasher;
    private final Clock clock;
    /** Compared against when the user does not exist, so unknown and known users take as long to reject. */
    private final String dummyHash;
    private final SecretKeySpec cacheKey;
    private final Map<String, Cached> basicCache = new ConcurrentHashMap<>();

    private final LoginThrottle throttle;
    private final Semaphore hashing;
    private final Duration hashWait;

    /** The result of a login attempt: a principal, a refusal, or a wait before the next attempt (HTTP 429). */
    public record Attempt(Optional<Principal> principal, Duration retryAfter) {
        static Attempt throttled(Duration retryAfter) {
            return new Attempt(Optional.empty(), retryAfter);
        }

        public boolean isThrottled() {
            return retryAfter != null;
        }

        /** Whole seconds for {@code Retry-After}, at least 1. */
        public long retryAfterSeconds() {
            return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
        }
    }

    public Authenticator(UserStore users, PasswordHasher hasher, Clock clock) {
        this(users, hasher, clock, new LoginThrottle(LoginThrottle.Settings.defaults(), clock),
                Math.max(1, Runtime.getRuntime().availableProcessors() / 2), Duration.ofSeconds(10));
    }

    /**
     * @param concurrentHashes password checks that may run at once
     * @param hashWait how long an attempt waits for its turn before it is answered "try again" instead
     */
    public Authenticator(UserStore users, PasswordHasher hasher, Clock clock, LoginThrottle throttle,
            int concurrentHashes, Duration hashWait) {
        this.users = users;
        this.hasher = hasher;
        this.clock = clock;
        this.throttle = throttle;
        this.hashing = new Semaphore(concurrentHashes, true);
        this.hashWait = hashWait;
        this.dummyHash = hasher.decoy();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /**
     * A throttled login from a client address: refused at once (with the wait) while the user name or the address
     * is blocked, or when no password check can start within the wait; otherwise the password is checked and the
     * outcome counted.
     */
    public Attempt attempt(String username, String password, String address) {
        Optional<Duration> wait = throttle.retryAfter(username, address);
        if (wait.isPresent()) {
            return Attempt.throttled(wait.get());
        }
        try {
            if (!hashing.tryAcquire(hashWait.toMillis(), TimeUnit.MILLISECONDS)) {
                return Attempt.throttled(Duration.ofSeconds(1));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Attempt.throttled(Duration.ofSeconds(1));
        }
        try {
            // failures counted while this attempt waited its turn may have blocked it since
            wait = throttle.retryAfter(username, address);
            if (wait.isPresent()) {
                return Attempt.throttled(wait.get());
            }
            Optional<Principal> principal = login(username, password);
            if (principal.isPresent()) {
                throttle.succeeded(username);
            } else {
                throttle.failed(username, address);
            }
            return new Attempt(principal, null);
        } finally {
            hashing.release();
        }
    }

    /** The user's principal when the password is right (not throttled: for {@link #attempt}). */
    Optional<Principal> login(String username, String password) {
        if (username == null || password == null) {
            return Optional.empty();
        }
        Optional<User> user = users.find(username);
        if (user.isEmpty()) {
            hasher.matches(password, dummyHash);
            return Optional.empty();
        }
        return hasher.matches(password, user.get().passwordHash())
                ? Optional.of(new Principal(user.get().username(), user.get().role()))
                : Optional.empty();
    }

    /** {@link #attempt} for HTTP Basic, with recent successes remembered for {@link #BASIC_CACHE_TTL}. */
    public Attempt basic(String username, String password, String address) {
        String key = cacheKey(username, password);
        Instant now = clock.instant();
        Cached cached = basicCache.get(key);
        if (cached != null && now.isBefore(cached.expires())) {
            return new Attempt(Optional.of(cached.principal()), null);
        }
        Attempt attempt = attempt(username, password, address);
        Optional<Principal> principal = attempt.principal();
        if (principal.isPresent()) {
            if (basicCache.size() >= BASIC_CACHE_LIMIT) {
                basicCache.clear();
            }
            basicCache.put(key, new Cached(principal.get(), now.plus(BASIC_CACHE_TTL)));
        }
        return attempt;
    }

    /** Forgets remembered Basic logins, e.g. after a password or role change in this process. */
    public void forgetBasicLogins() {
        basicCache.clear();
    }

    private String cacheKey(String username, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(cacheKey);
            mac.update(username.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private record Cached(Principal principal, Instant expires) {
    }
}
