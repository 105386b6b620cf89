package io.updraft.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HS256 JSON Web Tokens with JDK crypto, carrying what Airflow's simple auth manager puts in its tokens
 * ({@code sub} = username, {@code role}) plus {@code iat}, {@code nbf}, {@code exp}. Only HS256 is accepted, so a
 * token cannot downgrade itself to {@code alg: none}. Thread-safe.
 */
public final class JwtCodec {

    private static final String HEADER = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Tolerated clock difference between processes sharing the signing key. */
    private static final long LEEWAY_SECONDS = 5;

    private static final int VERIFIED_LIMIT = 10_000;

    private final SecretKeySpec key;
    private final Duration lifetime;
    private final Clock clock;
    /**
     * Tokens whose signature and claims were checked, by their exact text: a client sends the same token with
     * every request, and only the time limits can change their verdict. Bounded; cleared when full.
     */
    private final Map<String, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();

    private record Verified(Principal principal, long exp, Long nbf) {
    }

    public JwtCodec(byte[] key, Duration lifetime, Clock clock) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.lifetime = lifetime;
        this.clock = clock;
    }

    public String issue(Principal principal) {
        return issue(principal, lifetime);
    }

    /** A token that lives {@code tokenLifetime}; with the principal's scope (one try) when it has one. */
    public String issue(Principal principal, Duration tokenLifetime) {
        long now = clock.instant().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", principal.username());
        claims.put("role", principal.role().airflowName());
        if (principal.scope() != null) {
            claims.put("scope", principal.scope());
        }
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now + tokenLifetime.toSeconds());
        String signingInput = encode(HEADER.getBytes(StandardCharsets.UTF_8)) + "." + encode(json(claims));
        return signingInput + "." + encode(sign(signingInput));
    }

    public Principal verify(String token) throws InvalidTokenException {
        Verified known = verified.get(token);
        if (known != null) {
            checkTimes(known.exp(), known.nbf());
            return known.principal();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTokenException("not a JWT", false);
        }
        Map<String, Object> header = decodeJson(parts[0]);
        if (!"HS256".equals(header.get("alg"))) {
            throw new InvalidTokenException("unsupported algorithm", false);
        }
        byte[] signature;
        try {
            signature = DECODER.decode(parts[2]);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("malformed signature", false);
        }
        if (!MessageDigest.isEqual(signature, sign(parts[0] + "." + parts[1]))) {
            throw new InvalidTokenException("signature mismatch", false);
        }
        Map<String, Object> claims = decodeJson(parts[1]);
        if (!(claims.get("exp") instanceof Number exp)) {
            throw new InvalidTokenException("expired", true);
        }
        Long notBefore = claims.get("nbf") instanceof Number nbf ? nbf.longValue() : null;
        checkTimes(exp.longValue(), notBefore);
        if (!(claims.get("sub") instanceof String sub) || !(claims.get("role") instanceof String role)) {
            throw new InvalidTokenException("missing sub or role", false);
        }
        Principal principal;
        try {
            principal = new Principal(sub, Role.parse(role),
                    claims.get("scope") instanceof String scope ? scope : null);
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("unknown role", false);
        }
        if (verified.size() >= VERIFIED_LIMIT) {
            verified.clear();
        }
        verified.put(token, new Verified(principal, exp.longValue(), notBefore));
        return principal;
    }

    private void checkTimes(long exp, Long notBefore) {
        long now = clock.instant().getEpochSecond();
        if (now > exp + LEEWAY_SECONDS) {
            throw new InvalidTokenException("expired", true);
        }
        if (notBefore != null && now + LEEWAY_SECONDS < notBefore) {
            throw new InvalidTokenException("not yet valid", false);
        }
    }

    private byte[] sign(String signingInput) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    private static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    private static byte[] json(Map<String, Object> value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, Object> decodeJson(String part) {
        try {
            return MAPPER.readValue(DECODER.decode(part), new TypeReference<>() { });
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidTokenException("malformed JWT part", false);
        }
    }
}
