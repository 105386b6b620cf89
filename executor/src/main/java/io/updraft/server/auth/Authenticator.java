package io.updraft.server.auth;

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
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks user names and passwords against the store. HTTP Basic sends the password with every request and a
 * PBKDF2 check costs a noticeable fraction of a second, so successful Basic checks are remembered for a short
 * while, keyed by an HMAC of the credentials under a per-process key (the cache holds no password). Thread-safe.
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

    public Authenticator(UserStore users, PasswordHasher hasher, Clock clock) {
        this.users = users;
        this.hasher = hasher;
        this.clock = clock;
        this.dummyHash = hasher.decoy();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        this.cacheKey = new SecretKeySpec(key, "HmacSHA256");
    }

    /** The user's principal when the password is right. */
    public Optional<Principal> login(String username, String password) {
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

    /** {@link #login} for HTTP Basic, with recent successes remembered for {@link #BASIC_CACHE_TTL}. */
    public Optional<Principal> basic(String username, String password) {
        String key = cacheKey(username, password);
        Instant now = clock.instant();
        Cached cached = basicCache.get(key);
        if (cached != null && now.isBefore(cached.expires())) {
            return Optional.of(cached.principal());
        }
        Optional<Principal> principal = login(username, password);
        if (principal.isPresent()) {
            if (basicCache.size() >= BASIC_CACHE_LIMIT) {
                basicCache.clear();
            }
            basicCache.put(key, new Cached(principal.get(), now.plus(BASIC_CACHE_TTL)));
        }
        return principal;
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
